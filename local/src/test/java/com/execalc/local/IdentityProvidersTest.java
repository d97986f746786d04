package com.execalc.local;

import com.execalc.api.AuthorizerHandler;
import com.execalc.tenancy.TenantContext;
import com.execalc.wiring.Configuration;
import com.execalc.wiring.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens in the shapes real identity providers issue (Cognito ID and access, Auth0's RFC 9068 access tokens, Okta
 * groups, Entra ID v2 app roles, Keycloak realm roles), minted by {@code jose} (an independent JOSE library, run by
 * {@code local/src/test/node/mint-provider-tokens.mjs}), against the real authorizer handler configured with each
 * provider's identity settings, its keys fetched over HTTP, and the local stack's tenant registry. Each case says what
 * it expects and why; the run's table goes to {@value #REPORT} (docs/ISOLATION.md holds a copy). A refusal is a 401
 * whose reason is in the authorizer's log line, or a 403 Deny; never a failure that API Gateway would answer with 500.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityProvidersTest {

    /** Where the run's table goes, relative to the repository root. */
    static final String REPORT = "local/target/identity-providers.md";

    private static final long NOW = Instant.now().getEpochSecond();
    private final ObjectMapper json = new ObjectMapper();
    private final String tenant = ApiClient.uniqueTenant("idp");
    private final List<Case> cases = new ArrayList<>();
    private final Map<String, String> outcomes = new LinkedHashMap<>();
    private final Map<Provider, AuthorizerHandler> handlers = new HashMap<>();
    private final Map<Provider, List<String>> logs = new HashMap<>();
    private HttpServer jwksServer;
    private Map<String, String> tokens;

    /** One provider's identity settings, as {@code -c key=value} or {@code ./execalc up --key value} give them. */
    private record Provider(String name, String issuer, String audience, Map<Setting, String> settings) {
    }

    /**
     * One token and what the authorizer must make of it.
     *
     * @param expected {@code 200 ALLOW <roles>}, {@code 200 ALLOW platform operator}, {@code 403 <reason>}, or
     *                 {@code 401 <words of the logged reason>}
     */
    private record Case(Provider provider, String name, String alg, String kid, boolean published,
                        Map<String, Object> header, Map<String, Object> claims, String expected) {
    }

    // ------------------------------------------------------------------------------------------------- providers

    private static final Provider COGNITO = new Provider("Cognito (default deployment)",
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ex4mpLe01", "3n4b5urk1ft4fl3mg5e62d9ado", Map.of());
    private static final Provider COGNITO_ID = new Provider("Cognito, `token-use=id`", COGNITO.issuer(),
            COGNITO.audience(), Map.of(Setting.JWT_TOKEN_USE, "id"));
    private static final Provider AUTH0 = new Provider("Auth0", "https://execalc-test.us.auth0.com/",
            "https://api.execalc.example", Map.of(Setting.TENANT_CLAIM, "https://execalc.example/tenant",
            Setting.ROLES_CLAIM, "permissions",
            Setting.ROLE_MAP, "execalc:admin=admin,execalc:write=operator,execalc:read=viewer"));
    private static final Provider OKTA = new Provider("Okta", "https://execalc-test.okta.com/oauth2/default",
            "api://default", Map.of(Setting.TENANT_CLAIM, "tenant", Setting.ROLES_CLAIM, "groups",
            Setting.ROLE_MAP, "Execalc-Admins=admin,Execalc-Operators=operator,Execalc-Readers=viewer"));
    private static final String ENTRA_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
    private static final Provider ENTRA = new Provider("Entra ID (v2)",
            "https://login.microsoftonline.com/" + ENTRA_TENANT + "/v2.0", "6e74172b-be56-4843-9ff4-e66a39bb12e3",
            Map.of(Setting.TENANT_CLAIM, "extn.execalcTenant", Setting.ROLES_CLAIM, "roles",
                    Setting.ROLE_MAP, "Execalc.Admin=admin,Execalc.Operator=operator,Execalc.Reader=viewer",
                    Setting.JWT_ALGORITHMS, "RS256"));
    private static final Provider KEYCLOAK = new Provider("Keycloak", "https://keycloak.example/realms/execalc",
            "execalc-api", Map.of(Setting.TENANT_CLAIM, "tenant_id", Setting.ROLES_CLAIM, "realm_access.roles",
            Setting.ROLE_MAP, "execalc-admin=admin,execalc-operator=operator,execalc-viewer=viewer,"
                    + "execalc-platform=platform-admin"));

    private static final List<Provider> PROVIDERS = List.of(COGNITO, COGNITO_ID, AUTH0, OKTA, ENTRA, KEYCLOAK);

    // ------------------------------------------------------------------------------------------------ the shapes

    private Map<String, Object> cognitoAccess(String... groups) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "4f1b2c3d-1111-2222-3333-444455556666");
        claims.put("cognito:groups", List.of(groups));
        claims.put("iss", COGNITO.issuer());
        claims.put("version", 2);
        claims.put("client_id", COGNITO.audience());
        claims.put("origin_jti", UUID.randomUUID().toString());
        claims.put("event_id", UUID.randomUUID().toString());
        claims.put("token_use", "access");
        claims.put("scope", "aws.cognito.signin.user.admin");
        claims.put("auth_time", NOW - 60);
        claims.put("exp", NOW + 3600);
        claims.put("iat", NOW - 60);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("username", "alice");
        return claims;
    }

    private Map<String, Object> cognitoId(String... groups) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "4f1b2c3d-1111-2222-3333-444455556666");
        claims.put("cognito:groups", List.of(groups));
        claims.put("email_verified", true);
        claims.put("iss", COGNITO.issuer());
        claims.put("cognito:username", "alice");
        claims.put("origin_jti", UUID.randomUUID().toString());
        claims.put("aud", COGNITO.audience());
        claims.put("event_id", UUID.randomUUID().toString());
        claims.put("token_use", "id");
        claims.put("auth_time", NOW - 60);
        claims.put("exp", NOW + 3600);
        claims.put("iat", NOW - 60);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("email", "alice@example.com");
        claims.put("custom:tenant_id", tenant);
        return claims;
    }

    private Map<String, Object> auth0Access(String audience, long exp, String... permissions) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("https://execalc.example/tenant", tenant);
        claims.put("iss", AUTH0.issuer());
        claims.put("sub", "auth0|65f0c0ffee0000000000beef");
        claims.put("aud", List.of(audience, AUTH0.issuer() + "userinfo"));
        claims.put("iat", NOW - 60);
        claims.put("exp", exp);
        claims.put("scope", "openid profile " + String.join(" ", permissions));
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("client_id", "Zx9cV7bN5mQ3wE1rT8yU6iO4pA2sD0fG");
        claims.put("azp", "Zx9cV7bN5mQ3wE1rT8yU6iO4pA2sD0fG");
        claims.put("permissions", List.of(permissions));
        return claims;
    }

    private Map<String, Object> oktaAccess(String... groups) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("ver", 1);
        claims.put("jti", "AT." + UUID.randomUUID());
        claims.put("iss", OKTA.issuer());
        claims.put("aud", OKTA.audience());
        claims.put("iat", NOW - 60);
        claims.put("exp", NOW + 3600);
        claims.put("cid", "0oa1b2c3d4e5f6g7h8i9");
        claims.put("uid", "00u1b2c3d4e5f6g7h8i9");
        claims.put("scp", List.of("openid", "execalc"));
        claims.put("auth_time", NOW - 60);
        claims.put("sub", "alice@example.com");
        claims.put("groups", List.of(groups));
        claims.put("tenant", tenant);
        return claims;
    }

    private Map<String, Object> entraAccess(String issuer, String version, String... roles) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", ENTRA.audience());
        claims.put("iss", issuer);
        claims.put("iat", NOW - 60);
        claims.put("nbf", NOW - 60);
        claims.put("exp", NOW + 3600);
        claims.put("aio", "AWQAm/8TAAAA");
        claims.put("azp", "b3b1a4e1-0000-4000-8000-00000000c11e");
        claims.put("azpacr", "0");
        claims.put("name", "Alice Example");
        claims.put("oid", "d4c3b2a1-0000-4000-8000-0000000a11ce");
        claims.put("preferred_username", "alice@example.com");
        claims.put("rh", "0.AXYA");
        claims.put("roles", List.of(roles));
        claims.put("scp", "access_as_user");
        claims.put("sub", "HZpJ82-w-xbNiIIZO4rbPyMLwespkL6vImL3tjtjWfQ");
        claims.put("tid", ENTRA_TENANT);
        claims.put("uti", "fzv0cbl8Skai4_NzlvlpAA");
        claims.put("ver", version);
        claims.put("extn.execalcTenant", tenant);
        return claims;
    }

    private Map<String, Object> keycloakAccess(String tenantId, String... realmRoles) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("exp", NOW + 300);
        claims.put("iat", NOW - 10);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iss", KEYCLOAK.issuer());
        claims.put("aud", List.of(KEYCLOAK.audience(), "account"));
        claims.put("sub", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
        claims.put("typ", "Bearer");
        claims.put("azp", "execalc-web");
        claims.put("sid", UUID.randomUUID().toString());
        claims.put("acr", "1");
        List<String> roles = new ArrayList<>(List.of("default-roles-execalc", "offline_access"));
        roles.addAll(List.of(realmRoles));
        claims.put("realm_access", Map.of("roles", roles));
        claims.put("resource_access", Map.of("account", Map.of("roles", List.of("manage-account"))));
        claims.put("scope", "openid email profile");
        claims.put("email_verified", true);
        claims.put("preferred_username", "alice");
        if (tenantId != null) {
            claims.put("tenant_id", tenantId);
        }
        return claims;
    }

    private static Map<String, Object> without(Map<String, Object> claims, String name) {
        Map<String, Object> copy = new LinkedHashMap<>(claims);
        copy.remove(name);
        return copy;
    }

    private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(claims);
        copy.put(name, value);
        return copy;
    }

    private void add(Provider provider, String name, String alg, Map<String, Object> header, Map<String, Object> claims,
                     String expected) {
        cases.add(new Case(provider, name, alg, provider.name() + "-" + alg, true, header, claims, expected));
    }

    private void defineCases() {
        Map<String, Object> none = Map.of();
        Map<String, Object> jwt = Map.of("typ", "JWT");
        add(COGNITO, "access token, tenant added by the pre-token-generation trigger", "RS256", none,
                with(cognitoAccess("admin"), "custom:tenant_id", tenant), "200 ALLOW [admin]");
        add(COGNITO, "access token of a platform operator (no tenant attribute)", "RS256", none,
                cognitoAccess("platform-admin"), "200 ALLOW platform operator");
        add(COGNITO, "access token without the trigger's tenant claim", "RS256", none, cognitoAccess("admin"),
                "401 names no tenant");
        add(COGNITO, "ID token, where access tokens are the deployment's kind", "RS256", none, cognitoId("admin"),
                "401 token_use id not accepted");
        add(COGNITO, "access token with the client in aud instead of client_id", "RS256", none,
                with(without(with(cognitoAccess("admin"), "custom:tenant_id", tenant), "client_id"), "aud",
                        COGNITO.audience()), "401 audience rejected");
        add(COGNITO_ID, "ID token", "RS256", none, cognitoId("viewer"), "200 ALLOW [viewer]");
        add(COGNITO_ID, "access token, where ID tokens are the deployment's kind", "RS256", none,
                with(cognitoAccess("admin"), "custom:tenant_id", tenant), "401 token_use access not accepted");

        Map<String, Object> atJwt = Map.of("typ", "at+jwt");
        add(AUTH0, "RFC 9068 access token, RBAC permissions", "RS256", atJwt,
                auth0Access(AUTH0.audience(), NOW + 86400, "execalc:read", "execalc:write"),
                "200 ALLOW [viewer, operator]");
        add(AUTH0, "RFC 9068 access token signed PS256", "PS256", atJwt,
                auth0Access(AUTH0.audience(), NOW + 86400, "execalc:admin"), "200 ALLOW [admin]");
        add(AUTH0, "access token for another API (aud)", "RS256", atJwt,
                auth0Access("https://api.other.example", NOW + 86400, "execalc:admin"), "401 audience rejected");
        add(AUTH0, "expired access token", "RS256", atJwt, auth0Access(AUTH0.audience(), NOW - 3600, "execalc:admin"),
                "401 Expired JWT");
        add(AUTH0, "HS256 access token (a shared secret, never accepted)", "HS256", atJwt,
                auth0Access(AUTH0.audience(), NOW + 86400, "execalc:admin"), "401 rejected");
        add(AUTH0, "a JWT of another kind (typ dpop+jwt)", "RS256", Map.of("typ", "dpop+jwt"),
                auth0Access(AUTH0.audience(), NOW + 86400, "execalc:admin"), "401 typ");

        add(OKTA, "access token, group Execalc-Admins mapped to admin", "RS256", none,
                oktaAccess("Everyone", "Execalc-Admins"), "200 ALLOW [admin]");
        add(OKTA, "access token without a mapped group", "RS256", none, oktaAccess("Everyone"),
                "403 NO_TENANT_ROLE");
        add(OKTA, "access token whose group is spelled like an Execalc role but not mapped", "RS256", none,
                oktaAccess("admin"), "403 NO_TENANT_ROLE");
        cases.add(new Case(OKTA, "access token signed by a key the JWKS does not publish", "RS256", "okta-stranger",
                false, none, oktaAccess("Execalc-Admins"), "401 rejected"));

        add(ENTRA, "v2 access token, app role Execalc.Admin, tenant in a directory extension", "RS256", jwt,
                entraAccess(ENTRA.issuer(), "2.0", "Execalc.Admin"), "200 ALLOW [admin]");
        add(ENTRA, "v1 access token (sts.windows.net issuer)", "RS256", jwt,
                entraAccess("https://sts.windows.net/" + ENTRA_TENANT + "/", "1.0", "Execalc.Admin"),
                "401 iss claim value rejected");
        add(ENTRA, "PS256 token where the settings accept RS256 only", "PS256", jwt,
                entraAccess(ENTRA.issuer(), "2.0", "Execalc.Admin"), "401 rejected");

        add(KEYCLOAK, "access token, realm_access.roles (a nested claim)", "RS256", jwt,
                keycloakAccess(tenant, "execalc-operator"), "200 ALLOW [operator]");
        add(KEYCLOAK, "access token signed ES256", "ES256", jwt, keycloakAccess(tenant, "execalc-viewer"),
                "200 ALLOW [viewer]");
        add(KEYCLOAK, "access token of a platform operator (realm role mapped to platform-admin)", "RS256", jwt,
                keycloakAccess(null, "execalc-platform"), "200 ALLOW platform operator");
        add(KEYCLOAK, "access token with a tenant and the platform role", "RS256", jwt,
                keycloakAccess(tenant, "execalc-admin", "execalc-platform"), "401 never both");
        add(KEYCLOAK, "logout token (typ logout+jwt)", "RS256", Map.of("typ", "logout+jwt"),
                keycloakAccess(tenant, "execalc-admin"), "401 typ");
    }

    // --------------------------------------------------------------------------------------------------- set-up

    @BeforeAll
    void providersWithTheirKeysOverHttp(LocalCloud stack) throws IOException {
        new ApiClient(stack.baseUri()).registerTenant(tenant);
        defineCases();
        JsonNode minted = mint();
        tokens = new HashMap<>();
        minted.get("tokens").fields().forEachRemaining(token -> tokens.put(token.getKey(), token.getValue().asText()));
        byte[] jwks = json.writeValueAsBytes(minted.get("jwks"));
        jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        jwksServer.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        jwksServer.start();
        Map<String, String> authorizerEnvironment = stack.functions().stream()
                .filter(function -> function.name().equals(AuthorizerHandler.FUNCTION)).findFirst().orElseThrow()
                .environment();
        for (Provider provider : PROVIDERS) {
            Map<String, String> env = new HashMap<>(authorizerEnvironment);
            env.put(Setting.JWT_ISSUER.variable(), provider.issuer());
            env.put(Setting.JWT_AUDIENCE.variable(), provider.audience());
            env.put(Setting.JWKS_URI.variable(), "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json");
            provider.settings().forEach((setting, value) -> env.put(setting.variable(), value));
            List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
            logs.put(provider, lines);
            handlers.put(provider, new AuthorizerHandler(Configuration.of(env), lines::add));
        }
    }

    @AfterAll
    void writeTheTable() throws IOException {
        if (jwksServer != null) {
            jwksServer.stop(0);
        }
        StringBuilder table = new StringBuilder("| Provider | Token | Expected | Outcome (reason in the authorizer's log) |\n"
                + "|---|---|---|---|\n");
        for (Case c : cases) {
            table.append("| ").append(c.provider().name()).append(" | ").append(c.name()).append(" (").append(c.alg())
                    .append(c.header().containsKey("typ") ? ", typ " + c.header().get("typ") : "").append(") | ")
                    .append(c.expected()).append(" | ")
                    .append(outcomes.getOrDefault(key(c), "not run").replace("|", "\\|")).append(" |\n");
        }
        Path report = RepositoryRoot.find().resolve(REPORT);
        Files.createDirectories(report.getParent());
        Files.writeString(report, table.toString());
        // the copy in the docs is made by hand (no test writes a tracked file), so a drift fails the run instead
        assertThat(Files.readString(RepositoryRoot.find().resolve("docs/ISOLATION.md")))
                .as("docs/ISOLATION.md (Identity providers) holds this run's table; copy it from %s", REPORT)
                .contains(table);
    }

    private JsonNode mint() throws IOException {
        ObjectNode input = json.createObjectNode();
        ArrayNode list = input.putArray("tokens");
        for (Case c : cases) {
            list.addObject().put("id", key(c)).put("alg", c.alg()).put("kid", c.kid()).put("published", c.published())
                    .<ObjectNode>set("header", json.valueToTree(c.header()))
                    .set("claims", json.valueToTree(c.claims()));
        }
        Path root = RepositoryRoot.find();
        Process node = new ProcessBuilder("node", root.resolve("local/src/test/node/mint-provider-tokens.mjs").toString())
                .directory(root.toFile()).start();
        try (OutputStream stdin = node.getOutputStream()) {
            stdin.write(json.writeValueAsBytes(input));
        }
        byte[] stdout = node.getInputStream().readAllBytes();
        String stderr = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new IllegalStateException("mint-provider-tokens failed (did npm ci run?): " + stderr);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return json.readTree(stdout);
    }

    private static String key(Case c) {
        return c.provider().name() + " / " + c.name();
    }

    // ---------------------------------------------------------------------------------------------------- cases

    @TestFactory
    List<DynamicTest> eachProvidersTokens_shouldBeAcceptedOrRefused_asTheTableSays() {
        return cases.stream().map(c -> DynamicTest.dynamicTest(key(c) + ": " + c.expected(), () -> check(c)))
                .toList();
    }

    private void check(Case c) throws IOException {
        String requestId = UUID.randomUUID().toString();
        ObjectNode event = json.createObjectNode().put("type", "REQUEST")
                .put("methodArn", LocalGateway.API_ARN + "/" + LocalGateway.STAGE + "/GET/me");
        event.putObject("headers").put("Authorization", "Bearer " + tokens.get(key(c)));
        event.putObject("requestContext").put("requestId", requestId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String outcome;
        try {
            handlers.get(c.provider()).handleRequest(new ByteArrayInputStream(json.writeValueAsBytes(event)), out,
                    new LocalLambdaContext(requestId, AuthorizerHandler.FUNCTION, null));
            JsonNode response = json.readTree(out.toByteArray());
            String effect = response.at("/policyDocument/Statement/0/Effect").asText();
            JsonNode context = response.path("context");
            if (effect.equals("Allow")) {
                outcome = context.has(TenantContext.TENANT_ID_KEY)
                        ? "200 ALLOW " + rolesOf(context) + (tenant.equals(context.get(TenantContext.TENANT_ID_KEY)
                                .asText()) ? "" : " OF ANOTHER TENANT")
                        : "200 ALLOW platform operator";
            } else {
                outcome = "403 " + context.path("reason").asText();
            }
        } catch (AuthorizerHandler.UnauthorizedException refused) {
            outcome = "401 " + loggedReason(c.provider(), requestId).orElse("(no reason logged)");
        }
        outcomes.put(key(c), outcome);

        String[] expected = c.expected().split(" ", 2);
        assertThat(outcome).as(key(c)).startsWith(expected[0] + " ");
        if (expected[0].equals("401")) {
            assertThat(outcome).as("the reason logged for " + key(c)).contains(expected[1]);
        } else {
            assertThat(outcome).as(key(c)).isEqualTo(c.expected());
        }
    }

    /** The roles the authorizer put in the tenant context, in the order the case writes them. */
    private static String rolesOf(JsonNode context) {
        List<String> roles = new ArrayList<>(List.of(context.path(TenantContext.ROLES_KEY).asText().split(",")));
        List<String> order = List.of("viewer", "operator", "admin");
        roles.sort(java.util.Comparator.comparingInt(order::indexOf));
        return roles.toString();
    }

    private Optional<String> loggedReason(Provider provider, String requestId) {
        List<String> lines;
        synchronized (logs.get(provider)) {
            lines = List.copyOf(logs.get(provider));
        }
        for (String line : lines) {
            try {
                JsonNode entry = json.readTree(line);
                if ("request".equals(entry.path("type").asText()) && requestId.equals(entry.path("requestId").asText())
                        && entry.path("status").asInt() == 401) {
                    return Optional.ofNullable(entry.path("reason").textValue());
                }
            } catch (IOException unreadable) {
                // another kind of line; not this request's
            }
        }
        return Optional.empty();
    }
}
