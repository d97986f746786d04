package com.execalc.local;

import com.execalc.controlplane.Tier;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant lifecycle through the local gateway, on the shared stack (its grace period is the deployed default, 30
 * days): the export, offboarding and its reactivation, the purge refused during the grace period, the tier change and
 * the usage counts. The purge itself runs on a stack of its own ({@link TenantPurgeTest}).
 */
@ExtendWith(LocalCloudExtension.class)
class TenantLifecycleApiTest {

    private static final String EXECUTION = ExecutionApiTest.SUPPLIER_MODEL;

    private final LocalCloud stack;
    private final ApiClient api;
    private final String operator;

    TenantLifecycleApiTest(LocalCloud stack, OpenApiContract contract) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri(), contract);
        this.operator = api.operatorToken();
    }

    private String registered() {
        String tenant = ApiClient.uniqueTenant("life");
        api.registerTenant(tenant);
        return tenant;
    }

    private ApiClient.Response put(String token, String path, String body) {
        return api.send("PUT", path, token, body, Map.of());
    }

    /** Every page of the export, following the cursors, with the page size asked for; each page's body in bodies. */
    private List<JsonNode> exportAll(String token, int limit, List<String> bodies) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiClient.Response page = api.get("/export?limit=" + limit + (cursor == null ? ""
                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), token);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            bodies.add(page.body());
            page.json().get("items").forEach(items::add);
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
            assertThat(++pages).as("pages").isLessThan(1000);
        } while (cursor != null);
        return items;
    }

    @Test
    void export_shouldHoldEverythingTheTenantOwns_inTheStableOrder_overManyPages_everyRecordByteForByte() {
        String tenant = registered();
        String admin = api.token(tenant, "alice", "admin");
        Map<String, String> sent = new LinkedHashMap<>();
        for (String namespace : List.of("beta", "alpha")) {
            assertThat(put(admin, "/namespaces/" + namespace, null).status()).isEqualTo(201);
            for (int i = 0; i < 7; i++) {
                // numbers as the client wrote them: the export must not re-serialise them
                String data = "{\"n\": " + i + ", \"exact\": 1.50e2, \"neg\": -0.0, \"text\": \"caf\\u00e9\"}";
                sent.put(namespace + "/r" + i, data);
                ApiClient.Response created = put(admin, "/namespaces/" + namespace + "/records/r" + i, data);
                assertThat(created.status()).as(created.body()).isEqualTo(201);
            }
        }
        assertThat(api.send("POST", "/namespaces/alpha/executions", admin, EXECUTION, Map.of()).status())
                .isEqualTo(201);

        List<String> pages = new ArrayList<>();
        List<JsonNode> items = exportAll(admin, 3, pages);

        List<String> order = items.stream().map(item -> item.get("type").asText() + ":"
                + item.path("namespace").asText("") + "/" + item.path("id").asText("")).toList();
        assertThat(order).startsWith("policy:/", "namespace:alpha/", "namespace:beta/", "record:alpha/r0");
        assertThat(order).containsSubsequence("record:alpha/r6", "execution:alpha/", "record:beta/r0",
                "record:beta/r6");
        assertThat(items.stream().filter(item -> item.get("type").asText().equals("record")).count()).isEqualTo(14);
        assertThat(pages).hasSizeGreaterThan(5);
        for (JsonNode item : items) {
            if (item.get("type").asText().equals("record")) {
                String key = item.get("namespace").asText() + "/" + item.get("id").asText();
                ApiClient.Response read = api.get("/namespaces/" + key.replace("/", "/records/"), admin);
                assertThat(item.get("data")).isEqualTo(read.json().get("data"));
                assertThat(item.get("version")).isEqualTo(read.json().get("version"));
                assertThat(item.get("updatedAt")).isEqualTo(read.json().get("updatedAt"));
                // the text as stored (as the client sent it), not a re-serialisation of its numbers
                assertThat(pages).as(key).anyMatch(page -> page.contains("\"id\":\"" + item.get("id").asText()
                        + "\"") && page.contains("\"data\":" + sent.get(key)));
            }
        }
        JsonNode execution = items.stream().filter(item -> item.get("type").asText().equals("execution"))
                .findFirst().orElseThrow();
        assertThat(execution.get("reviews").isArray()).isTrue();
        assertThat(execution.get("requiredApprovals").asInt()).isEqualTo(1);
    }

    @Test
    void export_shouldRefuseACursorOfAnotherTenant_andAViewer() {
        String tenant = registered();
        String other = registered();
        String admin = api.token(tenant, "alice", "admin");
        put(admin, "/namespaces/orders", null);
        String cursor = api.get("/export?limit=1", admin).json().get("nextCursor").asText();

        ApiClient.Response foreign = api.get("/export?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8),
                api.token(other, "bob", "admin"));
        ApiClient.Response viewer = api.get("/export", api.token(tenant, "vera", "viewer"));

        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.errorCode()).isEqualTo("FORBIDDEN");
    }

    @Test
    void offboarding_shouldLeaveTheMembersOnlyTheirSessionAndTheExport_eachRefusalAudited() {
        String tenant = registered();
        String admin = api.token(tenant, "alice", "admin");
        put(admin, "/namespaces/orders", null);

        ApiClient.Response offboarded = api.send("POST", "/tenants/" + tenant + "/offboard", operator, null, Map.of());
        ApiClient.Response write = put(admin, "/namespaces/orders/records/r1", "{\"v\":1}");
        ApiClient.Response list = api.get("/namespaces", admin);

        assertThat(offboarded.status()).isEqualTo(200);
        assertThat(offboarded.json().get("status").asText()).isEqualTo("OFFBOARDING");
        assertThat(offboarded.json().get("purgeAfter").asText()).isNotBlank();
        assertThat(api.get("/me", admin).status()).isEqualTo(200);
        assertThat(api.get("/export", admin).status()).isEqualTo(200);
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.errorCode()).isEqualTo("TENANT_OFFBOARDING");
        assertThat(list.errorCode()).isEqualTo("TENANT_OFFBOARDING");
        assertThat(FaultChecks.eventsOf(stack, tenant, write.requestId())).singleElement().satisfies(event -> {
            assertThat(event.get("decision").s()).isEqualTo("DENY");
            assertThat(event.get("reason").s()).isEqualTo("TENANT_OFFBOARDING");
            assertThat(event.get("outcome").n()).isEqualTo("403");
        });
        assertThat(FaultChecks.record(stack, tenant, "orders", "r1")).isEmpty();
    }

    @Test
    void reactivation_shouldCancelTheOffboarding_andGiveTheMembersEveryRouteBack() {
        String tenant = registered();
        String admin = api.token(tenant, "alice", "admin");
        api.send("POST", "/tenants/" + tenant + "/offboard", operator, null, Map.of());

        ApiClient.Response active = api.send("PATCH", "/tenants/" + tenant, operator, "{\"status\":\"ACTIVE\"}",
                Map.of());

        assertThat(active.status()).isEqualTo(200);
        assertThat(active.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(active.json().has("purgeAfter")).isFalse();
        assertThat(put(admin, "/namespaces/orders", null).status()).isEqualTo(201);
    }

    @Test
    void purge_shouldBe409_andDeleteNothing_duringTheGracePeriod() {
        String tenant = registered();
        String admin = api.token(tenant, "alice", "admin");
        put(admin, "/namespaces/orders", null);
        put(admin, "/namespaces/orders/records/r1", "{\"v\":1}");
        api.send("POST", "/tenants/" + tenant + "/offboard", operator, null, Map.of());
        var before = TenantPartitions.snapshot(stack.adminDynamoDb(), stack.tables().data(), tenant);

        ApiClient.Response purge = api.send("POST", "/tenants/" + tenant + "/purge", operator, null, Map.of());

        assertThat(purge.status()).isEqualTo(409);
        assertThat(purge.errorCode()).isEqualTo("GRACE_PERIOD_NOT_OVER");
        assertThat(TenantPartitions.snapshot(stack.adminDynamoDb(), stack.tables().data(), tenant)).isEqualTo(before);
        assertThat(api.get("/tenants/" + tenant, operator).json().get("status").asText()).isEqualTo("OFFBOARDING");
        assertThat(FaultChecks.eventsOf(stack, tenant, purge.requestId())).singleElement().satisfies(event ->
                assertThat(event.get("reason").s()).isEqualTo("GRACE_PERIOD_NOT_OVER"));
    }

    @Test
    void purge_shouldBe409_forATenantThatIsNotOffboarding() {
        String tenant = registered();

        ApiClient.Response purge = api.send("POST", "/tenants/" + tenant + "/purge", operator, null, Map.of());

        assertThat(purge.status()).isEqualTo(409);
        assertThat(purge.errorCode()).isEqualTo("CONFLICT");
        assertThat(api.get("/tenants/" + tenant, operator).json().get("status").asText()).isEqualTo("ACTIVE");
    }

    private String usageKeyOf(String tenant) {
        return stack.adminDynamoDb().getItem(get -> get.tableName(stack.tables().registry())
                .key(Map.of("tenantId", AttributeValue.fromS(tenant)))).item().get("usageKey").s();
    }

    @Test
    void tierChange_shouldMoveTheKeyToTheTiersPlan_andRaiseTheAuditShards_butNeverLowerThem() {
        String tenant = registered();
        String key = usageKeyOf(tenant);

        ApiClient.Response premium = api.send("PATCH", "/tenants/" + tenant, operator, "{\"tier\":\"premium\"}",
                Map.of());
        Tier planAfterPremium = stack.usageKeys().tierOf(key);
        ApiClient.Response standard = api.send("PATCH", "/tenants/" + tenant, operator, "{\"tier\":\"standard\"}",
                Map.of());

        assertThat(premium.status()).isEqualTo(200);
        assertThat(premium.json().get("tier").asText()).isEqualTo("premium");
        assertThat(premium.json().get("auditShards").asInt()).isEqualTo(4);
        assertThat(planAfterPremium).isEqualTo(Tier.PREMIUM);
        assertThat(standard.json().get("tier").asText()).isEqualTo("standard");
        assertThat(standard.json().get("auditShards").asInt()).as("never lowered").isEqualTo(4);
        assertThat(stack.usageKeys().tierOf(key)).isEqualTo(Tier.STANDARD);
    }

    @Test
    void usage_shouldCountTheRequestsMadeInThePeriod_byActionAndDecision() {
        String tenant = registered();
        String admin = api.token(tenant, "alice", "admin");
        String viewer = api.token(tenant, "vera", "viewer");
        put(admin, "/namespaces/orders", null);
        put(admin, "/namespaces/orders/records/r1", "{\"v\":1}");
        put(admin, "/namespaces/orders/records/r2", "{\"v\":2}");
        api.get("/me", admin);
        put(viewer, "/namespaces/orders/records/r3", "{\"v\":3}");

        ApiClient.Response usage = api.get("/tenants/" + tenant + "/usage", operator);

        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        assertThat(usage.json().get("requests").asLong()).isEqualTo(5);
        assertThat(usage.json().get("byAction").get("record.put").asLong()).isEqualTo(3);
        assertThat(usage.json().get("byAction").get("namespace.create").asLong()).isEqualTo(1);
        assertThat(usage.json().get("byAction").get("session.describe").asLong()).isEqualTo(1);
        assertThat(usage.json().get("byDecision").get("ALLOW").asLong()).isEqualTo(4);
        assertThat(usage.json().get("byDecision").get("DENY").asLong()).isEqualTo(1);
    }

    @Test
    void usage_shouldBe400_forAPeriodThatEndsBeforeItStarts() {
        String tenant = registered();

        ApiClient.Response usage = api.get("/tenants/" + tenant
                + "/usage?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", operator);

        assertThat(usage.status()).isEqualTo(400);
        assertThat(usage.errorCode()).isEqualTo("INVALID_REQUEST");
    }
}
