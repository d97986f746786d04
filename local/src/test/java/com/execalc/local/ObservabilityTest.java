package com.execalc.local;

import com.execalc.tenancy.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What CloudWatch receives: the functions' log lines, and each tenant's shipped audit stream. */
@ExtendWith(LocalCloudExtension.class)
class ObservabilityTest {

    private final LocalCloud stack;
    private final ApiClient api;
    private final ObjectMapper json = new ObjectMapper();

    ObservabilityTest(LocalCloud stack, OpenApiContract contract) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri(), contract);
    }

    private List<JsonNode> linesAbout(String text) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stack.logs().lines()) {
            if (line.contains(text)) {
                try {
                    lines.add(json.readTree(line));
                } catch (IOException e) {
                    throw new IllegalStateException("A log line is not JSON: " + line, e);
                }
            }
        }
        return lines;
    }

    @Test
    void noLogLine_shouldEverHoldABearerTokenOrARecordsData() {
        String tenant = ApiClient.uniqueTenant("acme");
        api.registerTenant(tenant);
        String token = api.token(tenant, "alice", "admin");
        String secret = "TOP-SECRET-" + tenant;
        api.send("PUT", "/namespaces/orders", token, null, Map.of());
        api.send("PUT", "/namespaces/orders/records/r1", token, "{\"marker\":\"" + secret + "\"}", Map.of());
        api.get("/namespaces/orders/records/r1", token);
        api.send("PUT", "/namespaces/orders/records/r2", token, "{\"marker\":\"" + secret + "\", \"x\":", Map.of());
        api.get("/me", token + "tampered");
        api.get("/me", "not-a-jwt-" + secret);
        stack.awaitAuditShipped();

        String[] signature = token.split("\\.");
        assertThat(linesAbout(tenant)).as("the requests above were logged").hasSizeGreaterThan(5);
        for (String line : stack.logs().lines()) {
            assertThat(line).doesNotContain(token).doesNotContain(signature[2]).doesNotContain(signature[1])
                    .doesNotContain(secret);
        }
    }

    @Test
    void everyRequest_shouldLeaveOneStructuredLine_thatIsAlsoAnEmbeddedMetricDocument() {
        String tenant = ApiClient.uniqueTenant("acme");
        api.registerTenant(tenant);
        String token = api.token(tenant, "alice", "viewer");

        ApiClient.Response denied = api.send("PUT", "/namespaces/orders", token, null, Map.of());

        String requestId = denied.headers().get("x-request-id").get(0);
        List<JsonNode> lines = linesAbout(requestId);
        JsonNode request = lines.stream().filter(line -> line.path("type").asText().equals("request")
                && line.path("Function").asText().equals("tenant-api")).findFirst().orElseThrow();
        assertThat(request.get("tenantId").asText()).isEqualTo(tenant);
        assertThat(request.get("Route").asText()).isEqualTo("PUT_NAMESPACE");
        assertThat(request.get("status").asInt()).isEqualTo(403);
        assertThat(request.get("decision").asText()).isEqualTo("DENY");
        assertThat(request.get("latencyMs").asLong()).isNotNegative();
        assertThat(request.get("Denials").asInt()).isEqualTo(1);
        assertThat(request.get("ClientErrors").asInt()).isEqualTo(1);
        JsonNode metrics = request.at("/_aws/CloudWatchMetrics/0");
        assertThat(metrics.get("Namespace").asText()).isEqualTo("Execalc");
        assertThat(metrics.get("Dimensions").toString()).isEqualTo("[[\"Function\"],[\"Function\",\"Route\"]]")
                .as("the tenant is a property, never a metric dimension").doesNotContain("tenant");
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.get("type").asText()).isEqualTo("audit");
            assertThat(line.get("action").asText()).isEqualTo("namespace.create");
            assertThat(line.get("decision").asText()).isEqualTo("DENY");
        });
        assertThat(linesAbout(requestId)).anySatisfy(line ->
                assertThat(line.path("Function").asText()).isEqualTo("authorizer"));
    }

    @Test
    void eachTenantsAuditStream_shouldHoldItsOwnEvents_andNoOtherTenants() throws IOException {
        String acme = ApiClient.uniqueTenant("acme");
        String globex = ApiClient.uniqueTenant("globex");
        for (String tenant : List.of(acme, globex)) {
            api.registerTenant(tenant);
            String token = api.token(tenant, "admin-of-" + tenant, "admin");
            api.send("PUT", "/namespaces/orders", token, null, Map.of());
            api.send("PUT", "/namespaces/orders/records/r1", token, "{}", Map.of());
        }
        stack.awaitAuditShipped();

        for (String tenant : List.of(acme, globex)) {
            List<String> expected = AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), tenant).stream()
                    .map(event -> event.get("eventId").s()).toList();
            List<String> shipped = new ArrayList<>();
            for (String line : Files.readAllLines(stack.tenantLogs().fileOf(TenantId.of(tenant)))) {
                JsonNode event = json.readTree(line);
                assertThat(event.get("tenantId").asText()).isEqualTo(tenant);
                shipped.add(event.get("eventId").asText());
            }
            assertThat(shipped).as(tenant).containsExactlyInAnyOrderElementsOf(expected).doesNotHaveDuplicates();
        }
    }

    @Test
    void onboarding_shouldCreateTheTenantsAuditLogGroup_andAuditItInTheTenantsPartition() {
        String tenant = ApiClient.uniqueTenant("acme");

        api.registerTenant(tenant);

        assertThat(Files.exists(stack.tenantLogs().fileOf(TenantId.of(tenant)))).isTrue();
        Map<String, AttributeValue> registered = AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), tenant)
                .get(0);
        assertThat(registered.get("action").s()).isEqualTo("tenant.register");
        assertThat(registered.get("actor").s()).isEqualTo("ops");
        assertThat(registered.get("actorType").s()).isEqualTo("PLATFORM_OPERATOR");
        assertThat(registered.get("outcome").n()).isEqualTo("201");
    }

    @Test
    void aTenantsLogGroupRetention_shouldRiseWithItsPolicy_andLaterRequestsShouldNeverLowerIt() {
        String tenant = ApiClient.uniqueTenant("acme");
        api.registerTenant(tenant);
        String admin = api.token(tenant, "alice", "admin");
        TenantId id = TenantId.of(tenant);
        assertThat(stack.tenantLogs().retentionOf(id)).hasValue(365);

        ApiClient.Response raised = api.send("PUT", "/governance/policy", admin, "{\"auditRetentionDays\":3650}",
                Map.of());
        stack.awaitAuditShipped();
        assertThat(raised.status()).isEqualTo(200);
        assertThat(stack.tenantLogs().retentionOf(id)).as("after the raise").hasValue(3653);

        for (int i = 0; i < 3; i++) {
            api.get("/me", admin);
            stack.awaitAuditShipped();
        }
        assertThat(stack.tenantLogs().retentionOf(id)).as("after ordinary requests").hasValue(3653);
    }
}
