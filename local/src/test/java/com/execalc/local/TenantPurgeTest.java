package com.execalc.local;

import com.execalc.local.FaultProxy.Fault;
import com.execalc.local.FaultProxy.Match;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The purge on a stack of its own, whose grace period is zero days (so an offboarded tenant may be purged at once) and
 * whose functions reach dynalite through a fault proxy; what is left is checked in dynalite itself, with Query.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantPurgeTest {

    private static final String EXECUTION = ExecutionApiTest.SUPPLIER_MODEL;
    /** 27 in orders (two batches of its partition) and 3 in invoices. */
    private static final int RECORDS = 30;

    private FaultProxy proxy;
    private LocalCloud stack;
    private ApiClient api;
    private String operator;
    private String bystander;
    private Map<String, List<Map<String, AttributeValue>>> bystanderBefore;

    @BeforeAll
    void start() throws IOException {
        Dynalite dynalite = Dynalite.inMemory();
        proxy = FaultProxy.to(dynalite.endpoint());
        stack = LocalCloud.start(0, dynalite, proxy.endpoint(), Files.createTempDirectory("execalc-audit-logs"), false,
                GatewaySettings.defaults().withOffboardingGrace(Duration.ZERO));
        api = new ApiClient(stack.baseUri());
        operator = api.operatorToken();
        // a tenant whose id begins like the purged ones: nothing of it may go
        bystander = "purge-" + ApiClient.uniqueTenant("by");
        fill(bystander);
        bystanderBefore = data(bystander);
    }

    @AfterAll
    void stop() {
        stack.close();
        proxy.close();
    }

    @BeforeEach
    void noFaults() {
        proxy.reset();
    }

    /** A tenant with two namespaces, records, an execution and a policy. */
    private String fill(String tenant) {
        api.registerTenant(tenant);
        String admin = api.token(tenant, "alice", "admin");
        for (String namespace : List.of("orders", "invoices")) {
            assertThat(api.send("PUT", "/namespaces/" + namespace, admin, null, Map.of()).status()).isEqualTo(201);
            for (int i = 0; i < (namespace.equals("orders") ? 27 : RECORDS - 27); i++) {
                assertThat(api.send("PUT", "/namespaces/" + namespace + "/records/r" + String.format("%03d", i),
                        admin, "{\"v\":" + i + "}", Map.of()).status()).isEqualTo(201);
            }
        }
        assertThat(api.send("POST", "/namespaces/orders/executions", admin, EXECUTION, Map.of()).status())
                .isEqualTo(201);
        assertThat(api.send("PUT", "/governance/policy", admin, "{\"maxRecordBytes\":60000}", Map.of()).status())
                .isEqualTo(200);
        return tenant;
    }

    private String offboarded() {
        String tenant = fill("purge-" + ApiClient.uniqueTenant("t"));
        assertThat(api.send("POST", "/tenants/" + tenant + "/offboard", operator, null, Map.of()).status())
                .isEqualTo(200);
        return tenant;
    }

    private ApiClient.Response purge(String tenant) {
        return api.send("POST", "/tenants/" + tenant + "/purge", operator, null, Map.of());
    }

    private Map<String, List<Map<String, AttributeValue>>> data(String tenant) {
        return TenantPartitions.snapshot(stack.adminDynamoDb(), stack.tables().data(), tenant, "orders", "invoices");
    }

    private static int items(Map<String, List<Map<String, AttributeValue>>> partitions) {
        return partitions.values().stream().mapToInt(List::size).sum();
    }

    private Map<String, AttributeValue> registryEntry(String tenant) {
        return stack.adminDynamoDb().getItem(get -> get.tableName(stack.tables().registry())
                .key(Map.of("tenantId", AttributeValue.fromS(tenant))).consistentRead(true)).item();
    }

    @Test
    void purge_shouldDeleteEveryDataItem_keepTheAuditTrail_retireTheKey_andLeaveATombstone() {
        String tenant = offboarded();
        int eventsBefore = AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), tenant).size();
        String key = registryEntry(tenant).get("usageKey").s();

        ApiClient.Response purged = purge(tenant);

        assertThat(purged.status()).as(purged.body()).isEqualTo(200);
        assertThat(purged.json().get("status").asText()).isEqualTo("PURGED");
        assertThat(purged.json().get("purge").get("deletedRecords").asInt()).isEqualTo(RECORDS);
        assertThat(purged.json().get("purge").get("deletedExecutions").asInt()).isEqualTo(1);
        assertThat(purged.json().get("purge").get("deletedNamespaces").asInt()).isEqualTo(2);
        assertThat(items(data(tenant))).as("left in dynalite").isZero();
        assertThat(registryEntry(tenant).get("status").s()).isEqualTo("PURGED");
        assertThat(stack.usageKeys().exists(key)).as("the API key").isFalse();
        List<Map<String, AttributeValue>> events = AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(),
                tenant);
        assertThat(events).hasSizeGreaterThan(eventsBefore);
        assertThat(events).filteredOn(event -> event.get("action").s().equals("tenant.purge")).singleElement()
                .satisfies(event -> {
                    assertThat(event.get("actorType").s()).isEqualTo("PLATFORM_OPERATOR");
                    assertThat(event.get("details").m().get("deletedRecords").s()).isEqualTo(Integer.toString(RECORDS));
                    assertThat(event.get("details").m().get("purgeComplete").s()).isEqualTo("true");
                });
        assertThat(data(bystander)).as("another tenant's items").isEqualTo(bystanderBefore);
    }

    @Test
    void purge_shouldBeIdempotent_aPurgedTenantsPurgeDeletingNothing() {
        String tenant = offboarded();
        purge(tenant);

        ApiClient.Response again = purge(tenant);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asText()).isEqualTo("PURGED");
        assertThat(again.json().get("purge").get("deletedRecords").asInt()).isZero();
        assertThat(data(bystander)).isEqualTo(bystanderBefore);
    }

    @Test
    void purge_shouldFinishOnTheNextCall_whenAFaultInterruptsItHalfway() {
        String tenant = offboarded();
        // the second batch of the orders' partition fails on every attempt (invoices come first, by name): what came
        // before it is deleted, the rest is not (a batch names no TableName, so the match is by operation and key)
        proxy.inject(Fault.INTERNAL_SERVER_ERROR, new Match("BatchWriteItem", null, "REC#r026"), 10);

        ApiClient.Response interrupted = purge(tenant);
        int leftAfterFault = items(data(tenant));
        String statusAfterFault = registryEntry(tenant).get("status").s();
        proxy.reset();
        ApiClient.Response finished = purge(tenant);

        assertThat(interrupted.status()).isEqualTo(503);
        assertThat(leftAfterFault).isPositive().isLessThan(RECORDS + 1 + 2 + 3);
        assertThat(statusAfterFault).isEqualTo("PURGING");
        assertThat(finished.status()).as(finished.body()).isEqualTo(200);
        assertThat(finished.json().get("status").asText()).isEqualTo("PURGED");
        assertThat(items(data(tenant))).isZero();
        assertThat(data(bystander)).as("another tenant's items").isEqualTo(bystanderBefore);
    }

    @Test
    void aPurgedTenantsId_shouldBeRetired_andItsMembersRefused() {
        String tenant = offboarded();
        String admin = api.token(tenant, "alice", "admin");
        purge(tenant);

        ApiClient.Response again = api.send("POST", "/tenants", operator,
                api.write(Map.of("tenantId", tenant, "displayName", "New owner")), Map.of());
        ApiClient.Response member = api.get("/me", admin);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("TENANT_ID_RETIRED");
        assertThat(registryEntry(tenant).get("displayName").s()).isEqualTo("Tenant " + tenant);
        assertThat(member.status()).isEqualTo(403);
    }

    @Test
    void aPurgedTenant_shouldNotBeReactivated() {
        String tenant = offboarded();
        purge(tenant);

        ApiClient.Response active = api.send("PATCH", "/tenants/" + tenant, operator, "{\"status\":\"ACTIVE\"}",
                Map.of());

        assertThat(active.status()).isEqualTo(409);
        assertThat(registryEntry(tenant).get("status").s()).isEqualTo("PURGED");
    }

    /**
     * A purge that needs more than one round: each round answers what it did and schedules the next, which a
     * continuation runs, until the tenant is PURGED; a continuation never starts a purge. The control plane is the
     * stack's, with rounds of 10 items and a continuation that records what it is asked to run.
     */
    @Test
    void aPurgeOfManyRounds_shouldScheduleItsNextRound_untilThePurgedTenantIsLeft_andAContinuationNeverStartsOne() {
        String tenant = offboarded();
        String neverPurged = offboarded();
        List<String> scheduled = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.execalc.wiring.AwsClients clients = com.execalc.wiring.AwsClients.of(stack.functionConfiguration());
        com.execalc.controlplane.ControlPlane controlPlane = new com.execalc.controlplane.ControlPlane(
                new com.execalc.controlplane.TenantRegistry(clients.platformDynamoDb(), stack.tables().registry()),
                stack.tenantLogs(), stack.usageKeys(), () -> { }, clients.tenantAccess(),
                new com.execalc.audit.EventIds(), java.time.Clock.systemUTC(), Duration.ofDays(365), event -> { },
                new com.execalc.controlplane.ControlPlane.Lifecycle(clients.tenantPurgeAccess(), Duration.ZERO,
                        new com.execalc.controlplane.TenantPurge(10),
                        (operator, id) -> scheduled.add(operator + "/" + id.value())));
        com.execalc.controlplane.OperatorContext ops = new com.execalc.controlplane.OperatorContext("ops", "bench-1");
        com.execalc.tenancy.TenantId id = com.execalc.tenancy.TenantId.of(tenant);

        com.execalc.controlplane.ControlPlane.PurgeResult first = controlPlane.purge(ops, id);
        int rounds = 1;
        com.execalc.controlplane.ControlPlane.PurgeResult last = first;
        while (!last.deleted().complete()) {
            assertThat(scheduled).as("round " + rounds + " schedules the next").hasSize(rounds);
            last = controlPlane.continuePurge(ops, id).orElseThrow();
            rounds++;
        }

        assertThat(first.deleted().complete()).isFalse();
        assertThat(first.deleted().items()).isEqualTo(10);
        assertThat(first.tenant().status().name()).isEqualTo("PURGING");
        assertThat(rounds).isEqualTo(4); // 30 records, an execution, 2 namespaces, slots and policy: 35 items
        assertThat(last.tenant().status().name()).isEqualTo("PURGED");
        assertThat(scheduled).hasSize(3).allMatch(round -> round.equals("ops/" + tenant));
        assertThat(items(data(tenant))).isZero();
        assertThat(controlPlane.continuePurge(ops, id)).as("nothing left to continue").isEmpty();
        assertThat(controlPlane.continuePurge(ops, com.execalc.tenancy.TenantId.of(neverPurged))).isEmpty();
        assertThat(registryEntry(neverPurged).get("status").s()).isEqualTo("OFFBOARDING");
        assertThat(items(data(neverPurged))).isPositive();
        assertThat(data(bystander)).isEqualTo(bystanderBefore);
    }
}
