package com.execalc.local;

import com.execalc.local.http.HttpRequest;
import com.execalc.local.http.HttpResponse;
import com.execalc.ingress.TokenUse;
import com.execalc.tenancy.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The local-only endpoints under {@code /_local/}, never part of the deployed API: {@code GET /_local/health},
 * {@code POST /_local/token} ({@code {"tenant","sub","roles","tokenUse"?}}: an access token, or an ID token with
 * {@code "tokenUse":"id"}), {@code GET /_local/.well-known/jwks.json}, the issuer's OIDC discovery document
 * {@code GET /_local/.well-known/openid-configuration} ({@link LocalDiscovery}) and {@code GET /_local/functions}; anything else under {@code /_local/} (the {@code AWS_ENDPOINT_URL} of packaged
 * functions included) is a JSON 404.
 */
final class LocalEndpoints {

    /** The prefix of every local-only path. */
    static final String PREFIX = "/_local/";

    private static final Duration TOKEN_TTL = Duration.ofHours(1);

    private final LocalIssuer issuer;
    private final List<LocalFunction> functions;
    private final GatewayErrors errors;
    private final ObjectMapper json;

    LocalEndpoints(LocalIssuer issuer, List<LocalFunction> functions, GatewayErrors errors, ObjectMapper json) {
        this.issuer = issuer;
        this.functions = List.copyOf(functions);
        this.errors = errors;
        this.json = json;
    }

    HttpResponse serve(HttpRequest request) throws IOException {
        return switch (request.method() + " " + request.rawPath()) {
            case "GET /_local/health" -> ok(json.createObjectNode().put("status", "ok"), request);
            case "GET /_local/.well-known/jwks.json" -> ok(json.readTree(issuer.jwksJson()), request);
            case "GET /_local/.well-known/openid-configuration" -> ok(LocalDiscovery.document(issuer, json), request);
            case "GET /_local/functions" -> ok(functionsJson(), request);
            case "POST /_local/token" -> token(request);
            default -> errors.error(404, "NOT_FOUND", "No such local endpoint.", request.requestId());
        };
    }

    private HttpResponse token(HttpRequest request) {
        try {
            JsonNode body = json.readTree(request.body());
            String tenant = body.hasNonNull("tenant") ? body.get("tenant").asText() : null;
            String subject = body.hasNonNull("sub") ? body.get("sub").asText() : "local-user";
            List<String> roles = new ArrayList<>();
            body.path("roles").forEach(role -> roles.add(role.asText()));
            String token = issuer.mint(tenant, subject, roles, TOKEN_TTL, tokenUse(body));
            return ok(json.createObjectNode().put("token", token).put("expiresIn", TOKEN_TTL.toSeconds()), request);
        } catch (InvalidInputException | IOException e) {
            return errors.error(400, "INVALID_REQUEST", "Give {\"tenant\",\"sub\",\"roles\":[...],\"tokenUse\"?}: "
                    + e.getMessage(), request.requestId());
        }
    }

    /** {@code "tokenUse": "id"|"access"} of a token request; access, what a deployment accepts, when not given. */
    private static TokenUse tokenUse(JsonNode request) {
        if (!request.has("tokenUse")) {
            return TokenUse.ACCESS;
        }
        return TokenUse.fromClaimValue(request.get("tokenUse").textValue())
                .orElseThrow(() -> new InvalidInputException("tokenUse must be \"id\" or \"access\"."));
    }

    private ObjectNode functionsJson() {
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("functions");
        for (LocalFunction function : functions) {
            ObjectNode entry = list.addObject().put("name", function.name()).put("handler", function.handler());
            ObjectNode environment = entry.putObject("environment");
            new TreeMap<>(function.environment()).forEach(environment::put);
        }
        return body;
    }

    private HttpResponse ok(JsonNode body, HttpRequest request) throws IOException {
        return new HttpResponse(200, Map.of("Content-Type", "application/json", "X-Request-Id", request.requestId()),
                json.writeValueAsBytes(body));
    }

    /** Whether a raw path is a local-only one. */
    static boolean isLocal(String rawPath) {
        return rawPath.startsWith(PREFIX);
    }
}
