package com.execalc.local;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The real authorizer behind the local gateway: real signed JWTs, JWKS over HTTP, the registry in dynalite. */
@ExtendWith(LocalCloudExtension.class)
class IngressIntegrationTest {

    private final LocalCloud stack;
    private final ApiClient api;
    private String tenant;

    IngressIntegrationTest(LocalCloud stack, OpenApiContract contract) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri(), contract);
    }

    @BeforeEach
    void registerTenant(RegisteredTenant registered) {
        tenant = registered.id();
    }

    @Test
    void anActiveTenantMember_shouldPass_withTheTenantFromTheToken() {
        ApiClient.Response response = api.get("/me", api.token(tenant, "alice", "viewer", "operator"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("tenantId").asText()).isEqualTo(tenant);
        assertThat(response.json().get("subject").asText()).isEqualTo("alice");
        assertThat(response.json().get("roles").toString()).isEqualTo("[\"viewer\",\"operator\"]");
    }

    @Test
    void theAuthorizer_shouldReturnTheTenantsUsageKey_forApiGatewaysUsagePlans() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode event = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(RepositoryRoot.find().resolve("events/authorizer-request.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("headers"))
                .put("Authorization", "Bearer " + api.token(tenant, "alice", "viewer"));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        new com.execalc.api.AuthorizerHandler(stack.functionConfiguration(), line -> { }).handleRequest(
                new java.io.ByteArrayInputStream(json.writeValueAsBytes(event)), out,
                new LocalLambdaContext("authorize-1", "authorizer", null));

        com.fasterxml.jackson.databind.JsonNode response = json.readTree(out.toByteArray());
        assertThat(response.at("/policyDocument/Statement/0/Effect").asText()).isEqualTo("Allow");
        assertThat(response.at("/context/tenantId").asText()).isEqualTo(tenant);
        assertThat(response.get("usageIdentifierKey").asText()).matches("[0-9a-f]{40}");
    }

    @Test
    void aRequestWithoutToken_shouldBe401() {
        ApiClient.Response response = api.get("/me", null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(response.json().at("/error/requestId").asText()).isNotBlank();
    }

    @Test
    void aGarbageToken_shouldBe401_andNeverEchoed() {
        ApiClient.Response response = api.get("/me", "not.a.token-at-all");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("not.a.token-at-all");
    }

    @Test
    void anExpiredToken_shouldBe401() {
        String expired = stack.issuer().mint(tenant, "alice", List.of("admin"), Duration.ofMinutes(-5));

        assertThat(api.get("/me", expired).status()).isEqualTo(401);
    }

    @Test
    void aTokenSignedByAnotherKey_shouldBe401_evenWithTheRightIssuerName() {
        LocalIssuer impostor = new LocalIssuer(stack.issuer().issuer(), Clock.systemUTC());
        String forged = impostor.mint(tenant, "mallory", List.of("admin"), Duration.ofMinutes(5));

        assertThat(api.get("/me", forged).status()).isEqualTo(401);
    }

    @Test
    void aSuspendedTenant_shouldBeDeniedAtIngress_untilReactivated() {
        String token = api.token(tenant, "alice", "admin");
        String operator = api.operatorToken();

        api.send("PATCH", "/tenants/" + tenant, operator, "{\"status\":\"SUSPENDED\"}", Map.of());
        ApiClient.Response whileSuspended = api.get("/me", token);
        api.send("PATCH", "/tenants/" + tenant, operator, "{\"status\":\"ACTIVE\"}", Map.of());
        ApiClient.Response afterReactivation = api.get("/me", token);

        assertThat(whileSuspended.status()).isEqualTo(403);
        assertThat(whileSuspended.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(afterReactivation.status()).isEqualTo(200);
    }

    @Test
    void anUnregisteredTenant_shouldBe403() {
        String token = api.token(ApiClient.uniqueTenant("ghost"), "alice", "admin");

        assertThat(api.get("/me", token).status()).isEqualTo(403);
    }

    @Test
    void aMemberWithoutATenantRole_shouldBe403() {
        assertThat(api.get("/me", api.token(tenant, "alice", "marketing")).status()).isEqualTo(403);
    }

    @Test
    void aTenantAdmin_shouldNeverReachTheControlPlane() {
        String token = api.token(tenant, "alice", "admin");

        ApiClient.Response create = api.send("POST", "/tenants", token,
                "{\"tenantId\":\"" + ApiClient.uniqueTenant("sneaky") + "\",\"displayName\":\"x\"}", Map.of());
        ApiClient.Response read = api.get("/tenants/" + tenant, token);

        assertThat(create.status()).isEqualTo(403);
        assertThat(read.status()).isEqualTo(403);
    }

    /**
     * Fails at 3d7d7cc (issue 12, item 8): a member's control-plane request was refused by the gateway (the Allow
     * covered the tenant routes only) before any function ran, and left no audit event at all.
     */
    @Test
    void aTenantMembersControlPlaneRequests_shouldEachBeAuditedOnce_asADenialInTheMembersOwnTenant_only() {
        String other = ApiClient.uniqueTenant("globex");
        api.registerTenant(other);
        String token = api.token(tenant, "mallory", "admin");
        List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> othersBefore =
                AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), other);

        List<ApiClient.Response> refused = List.of(
                api.send("POST", "/tenants", token, "{\"tenantId\":\"" + ApiClient.uniqueTenant("sneaky")
                        + "\",\"displayName\":\"x\"}", Map.of()),
                api.get("/tenants/" + other, token),
                api.send("PATCH", "/tenants/" + other, token, "{\"status\":\"SUSPENDED\"}", Map.of()));

        assertThat(refused).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.errorCode()).isEqualTo("FORBIDDEN");
        });
        var events = AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), tenant).stream()
                .filter(event -> event.get("actor").s().equals("mallory")).toList();
        assertThat(events).extracting(event -> event.get("requestId").s())
                .containsExactlyInAnyOrderElementsOf(refused.stream().map(ApiClient.Response::requestId).toList());
        assertThat(events).allSatisfy(event -> {
            assertThat(event.get("decision").s()).isEqualTo("DENY");
            assertThat(event.get("reason").s()).isEqualTo("NOT_PLATFORM_OPERATOR");
            assertThat(event.get("outcome").n()).isEqualTo("403");
        });
        assertThat(events).extracting(event -> event.get("action").s())
                .containsExactlyInAnyOrder("tenant.register", "tenant.describe", "tenant.update");
        assertThat(AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), other))
                .as("nothing in the tenant the requests named").isEqualTo(othersBefore);
        assertThat(api.get("/tenants/" + other, api.operatorToken()).json().get("status").asText())
                .isEqualTo("ACTIVE");
    }

    @Test
    void aPlatformOperator_shouldNeverReachTheTenantApi() {
        assertThat(api.get("/me", api.operatorToken()).status()).isEqualTo(403);
    }

    @Test
    void anAmzTenantHeaderNamingAnotherTenant_shouldFailTheRequest_andOneNamingTheOwnTenantPass() {
        String token = api.token(tenant, "alice", "admin");

        ApiClient.Response foreign = api.send("GET", "/me", token, null, Map.of("X-Amz-Tenant-Id", "globex"));
        ApiClient.Response own = api.send("GET", "/me", token, null, Map.of("X-Amz-Tenant-Id", tenant));

        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.errorCode()).isEqualTo("TENANT_MISMATCH");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("tenantId").asText()).isEqualTo(tenant);
    }

    @Test
    void aTenantHeaderNamingAnotherTenant_shouldFailTheRequest() {
        ApiClient.Response response = api.send("GET", "/me", api.token(tenant, "alice", "admin"), null,
                Map.of("X-Tenant-Id", "globex"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.errorCode()).isEqualTo("TENANT_MISMATCH");
    }

    @Test
    void anUnknownRoute_shouldBeAJson404() {
        ApiClient.Response response = api.get("/nowhere", api.token(tenant, "alice", "admin"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
    }
}
