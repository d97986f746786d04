package com.execalc.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The write-ahead audit trail, read back from the audit table in dynalite. */
class AuditTrailTest {

    /** The events of the tenant's own members' requests, read with Query on its audit partition. */
    static List<Map<String, AttributeValue>> auditEvents(DynamoDbClient dynamoDb, String auditTable, String tenant) {
        return AuditItems.memberEvents(dynamoDb, auditTable, tenant);
    }

    @Nested
    @ExtendWith(LocalCloudExtension.class)
    class OneEventPerRequest {

        private final LocalCloud stack;
        private final ApiClient api;

        OneEventPerRequest(LocalCloud stack, OpenApiContract contract) {
            this.stack = stack;
            this.api = new ApiClient(stack.baseUri(), contract);
        }

        @Test
        void nMixedRequests_shouldLeaveExactlyNEvents_withTheRightDecisionAndOutcome(RegisteredTenant registered) {
            String tenant = registered.id();
            String admin = registered.admin();
            String viewer = registered.token("victor", "viewer");
            List<ApiClient.Response> responses = new ArrayList<>();
            responses.add(api.send("PUT", "/namespaces/orders", admin, null, Map.of()));                 // 201
            responses.add(api.send("PUT", "/namespaces/orders/records/r1", admin, "{\"marker\":\"SECRET-1\"}",
                    Map.of()));                                                                             // 201
            responses.add(api.send("PUT", "/namespaces/orders/records/r1", admin, "{\"v\":2}", Map.of())); // 200
            responses.add(api.get("/namespaces/orders/records/r1", viewer));                               // 200
            responses.add(api.get("/namespaces/orders/records/nope", viewer));                             // 404
            responses.add(api.send("PUT", "/namespaces/orders/records/r1", viewer, "{}", Map.of()));        // 403
            responses.add(api.send("PUT", "/namespaces/orders/records/r1", admin, "{}", Map.of("If-Match", "9")));
            responses.add(api.send("PUT", "/namespaces/BAD", admin, null, Map.of()));                     // 400
            responses.add(api.send("GET", "/me", admin, null, Map.of("X-Tenant-Id", "globex")));           // 403
            responses.add(api.get("/namespaces", viewer));                                                 // 200
            responses.add(api.send("DELETE", "/namespaces/orders", admin, null, Map.of()));               // 409

            List<Map<String, AttributeValue>> events = auditEvents(stack.adminDynamoDb(), stack.tables().audit(),
                    tenant);

            assertThat(responses).extracting(ApiClient.Response::status)
                    .containsExactly(201, 201, 200, 200, 404, 403, 412, 400, 403, 200, 409);
            assertThat(events).hasSize(responses.size());
            Map<String, Map<String, AttributeValue>> byRequest = new HashMap<>();
            events.forEach(event -> byRequest.put(event.get("requestId").s(), event));
            for (ApiClient.Response response : responses) {
                String requestId = response.headers().get("x-request-id").get(0);
                Map<String, AttributeValue> event = byRequest.get(requestId);
                assertThat(event).as("event of request " + requestId).isNotNull();
                assertThat(Integer.parseInt(event.get("outcome").n())).isEqualTo(response.status());
                String expectedDecision = response.status() == 403 || response.status() == 400 ? "DENY" : "ALLOW";
                assertThat(event.get("decision").s()).as("decision of a " + response.status()).isEqualTo(expectedDecision);
                assertThat(event.get("tenantId").s()).isEqualTo(tenant);
                assertThat(event.get("pk").s()).isEqualTo(tenant);
            }
            assertThat(events).allSatisfy(event -> assertThat(event.toString()).doesNotContain("SECRET-1"));
        }

        @Test
        void denials_shouldCarryTheirReasonCode(RegisteredTenant registered) {
            String tenant = registered.id();
            String viewer = registered.token("victor", "viewer");

            ApiClient.Response denied = api.send("PUT", "/namespaces/orders", viewer, null, Map.of());

            Map<String, AttributeValue> event = auditEvents(stack.adminDynamoDb(), stack.tables().audit(), tenant)
                    .get(0);
            assertThat(denied.status()).isEqualTo(403);
            assertThat(event.get("action").s()).isEqualTo("namespace.create");
            assertThat(event.get("resource").s()).isEqualTo("orders");
            assertThat(event.get("reason").s()).isEqualTo("ROLE_DENIES_ACTION");
            assertThat(event.get("actor").s()).isEqualTo("victor");
            assertThat(event.get("roles").l()).extracting(AttributeValue::s).containsExactly("viewer");
            assertThat(Long.parseLong(event.get("expiresAt").n())).isGreaterThan(System.currentTimeMillis() / 1000);
        }

        @Test
        void everyRecordVersion_shouldCarryTheIdOfTheEventThatAuthorizedIt(RegisteredTenant registered) {
            String tenant = registered.id();
            String admin = registered.admin();
            api.send("PUT", "/namespaces/orders", admin, null, Map.of());

            for (int version = 1; version <= 3; version++) {
                ApiClient.Response written = api.send("PUT", "/namespaces/orders/records/r1", admin,
                        "{\"v\":" + version + "}", Map.of());
                Map<String, AttributeValue> record = stack.adminDynamoDb().getItem(get -> get
                        .tableName(stack.tables().data()).consistentRead(true)
                        .key(Map.of("pk", AttributeValue.fromS(tenant + "#orders"), "sk", AttributeValue.fromS("REC#r1"))))
                        .item();
                Map<String, AttributeValue> event = stack.adminDynamoDb().getItem(get -> get
                        .tableName(stack.tables().audit()).consistentRead(true)
                        .key(Map.of("pk", AttributeValue.fromS(tenant), "sk", record.get("auditEventId")))).item();

                assertThat(record.get("version").n()).isEqualTo(Integer.toString(version));
                assertThat(event).as("the event of version " + version).isNotEmpty();
                assertThat(event.get("action").s()).isEqualTo("record.put");
                assertThat(event.get("decision").s()).isEqualTo("ALLOW");
                assertThat(event.get("requestId").s()).isEqualTo(written.headers().get("x-request-id").get(0));
            }
        }
    }

    /**
     * How long events are kept: every writer of a tenant's events keeps them for the tenant's retention, not the
     * global 365 days, whether or not it reads the tenant's policy.
     */
    @Nested
    @ExtendWith(LocalCloudExtension.class)
    class TheTenantsRetention {

        private final LocalCloud stack;
        private final ApiClient api;
        private final String tenant = ApiClient.uniqueTenant("keeper");
        private final String admin;

        TheTenantsRetention(LocalCloud stack, OpenApiContract contract) {
            this.stack = stack;
            this.api = new ApiClient(stack.baseUri(), contract);
            api.registerTenant(tenant);
            admin = api.token(tenant, "alice", "admin");
        }

        private void setRetention(int days) {
            ApiClient.Response put = api.send("PUT", "/governance/policy", admin, "{\"auditRetentionDays\":" + days + "}",
                    Map.of());
            assertThat(put.status()).as(put.body()).isEqualTo(200);
        }

        /** The days between an event and its TTL, for each of the tenant's events of {@code action}. */
        private List<Long> retentionDaysOf(String action) {
            List<Long> days = new ArrayList<>();
            AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), tenant).stream()
                    .filter(event -> event.get("action").s().equals(action))
                    .forEach(event -> days.add((Long.parseLong(event.get("expiresAt").n())
                            - Instant.parse(event.get("timestamp").s()).getEpochSecond()) / 86_400));
            return days;
        }

        private void changeStatus(String status) {
            assertThat(api.send("PATCH", "/tenants/" + tenant, api.operatorToken(), "{\"status\":\"" + status + "\"}",
                    Map.of()).status()).isEqualTo(200);
        }

        @Test
        void thePolicyChangeThatRaisesTheRetention_shouldItselfBeKeptThatLong() {
            setRetention(3650);

            assertThat(retentionDaysOf("policy.put")).containsExactly(3650L);
        }

        @Test
        void anIngressDenial_shouldBeKeptForTheTenantsRetention() {
            setRetention(3650);
            changeStatus("SUSPENDED");
            assertThat(api.get("/namespaces", admin).status()).isEqualTo(403);
            String roleless = api.token(tenant, "mallory", "marketing");
            changeStatus("ACTIVE");
            assertThat(api.get("/namespaces", roleless).status()).isEqualTo(403);

            assertThat(retentionDaysOf("ingress.authorize")).containsExactly(3650L, 3650L);
        }

        @Test
        void theControlPlanesEvents_shouldBeKeptForTheTenantsRetention() {
            setRetention(3650);
            assertThat(api.get("/tenants/" + tenant, api.operatorToken()).status()).isEqualTo(200);
            changeStatus("ACTIVE");

            assertThat(retentionDaysOf("tenant.describe")).containsExactly(3650L);
            assertThat(retentionDaysOf("tenant.status")).containsExactly(3650L);
            assertThat(retentionDaysOf("tenant.register")).as("before the raise").containsExactly(365L);
        }

        @Test
        void aRefusalOfAnotherTenantsName_shouldBeKeptForTheTenantsRetention() {
            setRetention(3650);

            ApiClient.Response refused = api.send("GET", "/me", admin, null, Map.of("X-Tenant-Id", "globex"));

            assertThat(refused.status()).isEqualTo(403);
            assertThat(retentionDaysOf("session.describe")).containsExactly(3650L);
        }

        @Test
        void aLowerRetentionLater_shouldApplyToTheTenantsOwnRequests_butNeverShortenRefusalsOutsideThePolicy() {
            setRetention(3650);
            setRetention(730);
            changeStatus("SUSPENDED");
            api.get("/namespaces", admin);
            changeStatus("ACTIVE");
            api.get("/me", admin);

            assertThat(retentionDaysOf("session.describe")).as("the policy's own").containsExactly(730L);
            assertThat(retentionDaysOf("ingress.authorize")).as("the longest asked").containsExactly(3650L);
            assertThat(retentionDaysOf("policy.put")).as("each change as long as it asks, or longer")
                    .containsExactly(3650L, 3650L);
        }
    }

    /** A stack of its own, because this test removes the audit table to make every audit write fail. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @ExtendWith(LocalCloudExtension.class) // for the contract only: this class breaks a stack of its own
    class WhenTheAuditTrailCannotBeWritten {

        private LocalCloud stack;
        private ApiClient api;
        private String tenant;
        private String admin;

        @BeforeAll
        void startAStackAndBreakItsAuditTable(OpenApiContract contract) {
            stack = LocalCloud.start(0);
            api = new ApiClient(stack.baseUri(), contract);
            tenant = ApiClient.uniqueTenant("acme");
            api.registerTenant(tenant);
            admin = api.token(tenant, "alice", "admin");
            api.send("PUT", "/namespaces/orders", admin, null, Map.of());
            api.send("PUT", "/namespaces/orders/records/r1", admin, "{\"v\":1}", Map.of());
            stack.adminDynamoDb().deleteTable(delete -> delete.tableName(stack.tables().audit()));
        }

        @AfterAll
        void stopTheStack() {
            stack.close();
        }

        private Map<String, AttributeValue> record(String id) {
            return stack.adminDynamoDb().getItem(get -> get.tableName(stack.tables().data()).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS(tenant + "#orders"), "sk", AttributeValue.fromS("REC#" + id))))
                    .item();
        }

        @Test
        void aCreate_shouldFailWith503_andWriteNothing() {
            ApiClient.Response response = api.send("PUT", "/namespaces/orders/records/r2", admin, "{}", Map.of());

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.errorCode()).isEqualTo("AUDIT_UNAVAILABLE");
            assertThat(record("r2")).isEmpty();
        }

        @Test
        void anUpdate_shouldFailWith503_andLeaveTheRecordAsItWas() {
            ApiClient.Response response = api.send("PUT", "/namespaces/orders/records/r1", admin, "{\"v\":2}", Map.of());

            assertThat(response.status()).isEqualTo(503);
            assertThat(record("r1").get("version").n()).isEqualTo("1");
            assertThat(record("r1").get("data").s()).isEqualTo("{\"v\":1}");
        }

        @Test
        void aDelete_shouldFailWith503_andKeepTheRecord() {
            assertThat(api.send("DELETE", "/namespaces/orders/records/r1", admin, null, Map.of()).status())
                    .isEqualTo(503);
            assertThat(record("r1")).isNotEmpty();
        }

        @Test
        void aNamespaceCreate_shouldFailWith503_andCreateNothing() {
            assertThat(api.send("PUT", "/namespaces/invoices", admin, null, Map.of()).status()).isEqualTo(503);
            assertThat(stack.adminDynamoDb().getItem(get -> get.tableName(stack.tables().data()).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS(tenant), "sk", AttributeValue.fromS("NS#invoices"))))
                    .hasItem()).isFalse();
        }

        @Test
        void aRead_shouldFailClosedWith503_ratherThanAnswerUnaudited() {
            ApiClient.Response response = api.get("/namespaces/orders/records/r1", admin);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.body()).doesNotContain("\"v\":1");
        }
    }
}
