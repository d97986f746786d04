package com.execalc.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The local issuer's OpenID Provider metadata (OpenID Connect Discovery 1.0), served at
 * {@code /_local/.well-known/openid-configuration}, so that an OIDC library finds the issuer's keys as it finds
 * Cognito's. It describes what the local issuer really does: RS256 keys at {@code jwks_uri}, and tokens minted by
 * {@code POST /_local/token} (not an OAuth flow: there is no authorization endpoint, so none is named).
 */
final class LocalDiscovery {

    private LocalDiscovery() {
    }

    static ObjectNode document(LocalIssuer issuer, ObjectMapper json) {
        ObjectNode document = json.createObjectNode()
                .put("issuer", issuer.issuer())
                .put("jwks_uri", issuer.jwksUri())
                .put("token_endpoint", issuer.issuer() + "/token");
        document.putArray("response_types_supported").add("id_token").add("token");
        document.putArray("subject_types_supported").add("public");
        document.putArray("id_token_signing_alg_values_supported").add("RS256");
        document.putArray("token_endpoint_auth_methods_supported").add("none");
        document.putArray("claims_supported").add("iss").add("sub").add("aud").add("client_id").add("exp").add("iat")
                .add("nbf").add("jti").add("token_use").add("custom:tenant_id").add("cognito:groups");
        return document;
    }
}
