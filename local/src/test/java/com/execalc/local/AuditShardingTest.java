package com.execalc.local;

import com.execalc.controlplane.TenantRegistry;
import com.execalc.governance.OperatorGovernance;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant whose audit events are spread over four partitions, through the local gateway and dynalite: every request
 * still leaves exactly one event, in exactly one of its shards; {@code GET /audit} reads all shards as one trail, in
 * order, with the same filters and cursors; no other tenant sees any of it; and the shard count only grows.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditShardingTest {

    private static final int PUTS = 150;
    private static final int VIEWER_GETS = 30;
    private static final int VIEWER_PUTS = 19;

    private final LocalCloud stack;
    private final ApiClient api;
    private final String operator;
    private String tenant;
    private String admin;
    private final Set<String> requestIds = new HashSet<>();
    /** After the 200 requests and before any test ran: queries up to here see exactly the history. */
    private Instant historyEnd;

    AuditShardingTest(LocalCloud stack, OpenApiContract contract) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri(), contract);
        this.operator = api.operatorToken();
    }

    @BeforeAll
    void twoHundredRequestsOfATenantWithFourAuditShards() throws InterruptedException {
        tenant = ApiClient.uniqueTenant("sharded");
        api.registerTenant(tenant);
        ApiClient.Response raised = patch(tenant, "{\"auditShards\":4}");
        assertThat(raised.status()).as(raised.body()).isEqualTo(200);
        assertThat(raised.json().get("auditShards").asInt()).isEqualTo(4);
        admin = api.token(tenant, "alice", "admin");
        String viewer = api.token(tenant, "victor", "viewer");

        request(api.send("PUT", "/namespaces/orders", admin, null, Map.of()), 201);
        for (int i = 0; i < PUTS; i++) {
            request(api.send("PUT", "/namespaces/orders/records/r" + i, admin, "{\"n\":" + i + "}", Map.of()), 201);
        }
        for (int i = 0; i < VIEWER_GETS; i++) {
            request(api.get("/namespaces/orders/records/r" + i, viewer), 200);
        }
        for (int i = 0; i < VIEWER_PUTS; i++) {
            request(api.send("PUT", "/namespaces/orders/records/v" + i, viewer, "{}", Map.of()), 403);
        }
        assertThat(requestIds).hasSize(200);
        Thread.sleep(5);
        historyEnd = Instant.now();
        Thread.sleep(5);
    }

    private void request(ApiClient.Response response, int expected) {
        assertThat(response.status()).as(response.body()).isEqualTo(expected);
        requestIds.add(response.requestId());
    }

    private ApiClient.Response patch(String tenantId, String body) {
        return api.send("PATCH", "/tenants/" + tenantId, operator, body, Map.of());
    }

    /** Every page of {@code GET /audit} for a query, in order, each page's event ids. */
    private List<List<String>> pages(String token, String query) {
        List<List<String>> pages = new ArrayList<>();
        String cursor = null;
        do {
            ApiClient.Response response = api.get("/audit?" + query + (cursor == null ? "" : "&cursor=" + cursor),
                    token);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            response.json().get("items").forEach(item -> ids.add(item.get("eventId").asText()));
            pages.add(ids);
            cursor = response.json().get("nextCursor").isNull() ? null : response.json().get("nextCursor").asText();
        } while (cursor != null && pages.size() < 500);
        assertThat(cursor).as("paging ends").isNull();
        return pages;
    }

    private List<String> allPages(String token, String query) {
        return pages(token, query).stream().flatMap(List::stream).toList();
    }

    /** The tenant's events as the audit table holds them, newest first, up to the end of the history. */
    private List<Map<String, AttributeValue>> storedHistory(String tenantId, Predicate<Map<String, AttributeValue>> which) {
        return AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), tenantId).stream()
                .filter(event -> !Instant.parse(event.get("timestamp").s()).isAfter(historyEnd))
                .filter(which)
                .sorted(Comparator.comparing((Map<String, AttributeValue> event) -> event.get("eventId").s()).reversed())
                .toList();
    }

    private static List<String> ids(List<Map<String, AttributeValue>> events) {
        return events.stream().map(event -> event.get("eventId").s()).toList();
    }

    private String upToHistoryEnd() {
        return "to=" + historyEnd;
    }

    @Test
    void everyRequest_shouldLeaveExactlyOneEvent_inExactlyOneOfTheFourShards() {
        Map<String, List<Map<String, AttributeValue>>> byShard = AuditItems.eventsByShard(stack.adminDynamoDb(),
                stack.tables().audit(), tenant);
        List<Map<String, AttributeValue>> memberEvents = storedHistory(tenant,
                AuditItems::isMemberEvent);

        List<String> fourShards = List.of(tenant, tenant + "#a1", tenant + "#a2", tenant + "#a3");
        assertThat(byShard).allSatisfy((partition, events) -> {
            if (fourShards.contains(partition)) {
                // 200+ events over four shards hold ~50 each: fewer than 20 would be a skew of over four sigma
                assertThat(events).as(partition).hasSizeGreaterThanOrEqualTo(20).allSatisfy(event ->
                        assertThat(event.get("tenantId").s()).isEqualTo(tenant));
            } else {
                assertThat(events).as(partition + ": not one of the tenant's four shards").isEmpty();
            }
        });
        assertThat(byShard.values().stream().flatMap(List::stream).map(event -> event.get("eventId").s()).toList())
                .doesNotHaveDuplicates();
        assertThat(memberEvents).extracting(event -> event.get("requestId").s())
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(requestIds);
    }

    @Test
    void pagingThroughGetAudit_shouldReturnEveryEventOfEveryShard_newestFirst_withoutDuplicatesOrGaps() {
        List<String> stored = ids(storedHistory(tenant, event -> true));

        for (int limit : new int[] {1, 7, 25, 100}) {
            List<List<String>> pages = pages(admin, upToHistoryEnd() + "&limit=" + limit);
            List<String> returned = pages.stream().flatMap(List::stream).toList();

            assertThat(returned).as("limit " + limit).hasSize(202).isEqualTo(stored);
            assertThat(pages.subList(0, pages.size() - 1)).as("limit " + limit)
                    .allSatisfy(page -> assertThat(page).hasSize(limit));
        }
    }

    @Test
    void filters_shouldSelectTheSameEventsAsBeforeSharding_acrossEveryShard() {
        List<String> denials = allPages(admin, upToHistoryEnd() + "&decision=DENY&limit=4");
        List<String> viewerReads = allPages(admin, upToHistoryEnd() + "&actor=victor&action=record.get&limit=9");
        List<String> shardChanges = allPages(admin, upToHistoryEnd() + "&action=tenant.audit.shards");
        Instant middle = Instant.parse(storedHistory(tenant, event -> true).get(100).get("timestamp").s());
        List<String> secondHalf = allPages(admin, "from=" + middle + "&" + upToHistoryEnd() + "&limit=11");

        assertThat(denials).hasSize(VIEWER_PUTS).isEqualTo(ids(storedHistory(tenant,
                event -> event.get("decision").s().equals("DENY"))));
        assertThat(viewerReads).hasSize(VIEWER_GETS).isEqualTo(ids(storedHistory(tenant,
                event -> event.get("actor").s().equals("victor") && event.get("action").s().equals("record.get"))));
        assertThat(shardChanges).hasSize(1);
        assertThat(secondHalf).isEqualTo(ids(storedHistory(tenant,
                event -> !Instant.parse(event.get("timestamp").s()).isBefore(middle))));
    }

    @Test
    void aCursor_shouldStayBoundToTheTenantAndTheFilters() {
        String cursor = api.get("/audit?limit=3&" + upToHistoryEnd(), admin).json().get("nextCursor").asText();
        String other = ApiClient.uniqueTenant("globex");
        api.registerTenant(other);
        String otherAdmin = api.token(other, "mallory", "admin");

        assertThat(api.get("/audit?limit=3&" + upToHistoryEnd() + "&cursor=" + cursor, admin).status()).isEqualTo(200);
        assertThat(api.get("/audit?limit=3&" + upToHistoryEnd() + "&cursor=" + cursor, otherAdmin).status())
                .isEqualTo(400);
        assertThat(api.get("/audit?limit=3&decision=DENY&" + upToHistoryEnd() + "&cursor=" + cursor, admin).status())
                .isEqualTo(400);
    }

    @Test
    void aCursorIssuedUnderAnOlderShardCount_shouldBe400_onceTheCountIsRaised() {
        String paging = ApiClient.uniqueTenant("paging");
        api.registerTenant(paging);
        String token = api.token(paging, "alice", "admin");
        for (int i = 0; i < 5; i++) {
            api.get("/me", token);
        }
        String cursor = api.get("/audit?limit=2", token).json().get("nextCursor").asText();
        assertThat(api.get("/audit?limit=2&cursor=" + cursor, token).status()).isEqualTo(200);

        assertThat(patch(paging, "{\"auditShards\":2}").status()).isEqualTo(200);

        // its pages never read the new shard: resuming would skip that shard's events, so the listing starts again
        ApiClient.Response resumed = api.get("/audit?limit=2&cursor=" + cursor, token);
        assertThat(resumed.status()).isEqualTo(400);
        assertThat(resumed.body()).contains("The cursor is not valid for this listing.");
        assertThat(api.get("/audit?limit=2", token).status()).isEqualTo(200);
    }

    @Test
    void aRaiseThatLosesARaceToAHigherOne_shouldAnswerTheHigherCount_andNeverLowerIt() {
        String raced = ApiClient.uniqueTenant("raced");
        api.registerTenant(raced);
        TenantRegistry registry = new TenantRegistry(stack.adminDynamoDb(), stack.tables().registry());
        TenantId tenantId = TenantId.of(raced);

        // both raises read 1; the raise to 8 writes first, the raise to 6 writes second
        OperatorGovernance governance = new OperatorGovernance();
        assertThat(registry.raiseAuditShards(governance.permit("tenant.audit.shards", "raise-to-8"), tenantId,
                AuditShards.parse("8").orElseThrow(), Instant.now())
                .auditShards().wireValue()).isEqualTo("8");
        assertThat(registry.raiseAuditShards(governance.permit("tenant.audit.shards", "raise-to-6"), tenantId,
                AuditShards.parse("6").orElseThrow(), Instant.now())
                .auditShards().wireValue()).isEqualTo("8");
        assertThat(api.get("/tenants/" + raced, operator).json().get("auditShards").asInt()).isEqualTo(8);
    }

    @Test
    void anotherTenantWithFourShards_shouldNeverSeeTheseEvents_norTheseTenantsSeeItsEvents() {
        String other = ApiClient.uniqueTenant("globex");
        ApiClient.Response registered = api.send("POST", "/tenants", operator, api.write(Map.of("tenantId", other,
                "displayName", "Globex", "tier", "premium")), Map.of());
        assertThat(registered.json().get("auditShards").asInt()).as("premium tenants start with four").isEqualTo(4);
        String otherAdmin = api.token(other, "mallory", "admin");
        api.send("PUT", "/namespaces/orders", otherAdmin, null, Map.of());
        for (int i = 0; i < 40; i++) {
            api.send("PUT", "/namespaces/orders/records/g" + i, otherAdmin, "{}", Map.of());
        }
        Set<String> ours = new HashSet<>(ids(storedHistory(tenant, event -> true)));
        List<String> theirs = ids(AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), other));

        for (String query : List.of("limit=100", "limit=3", "actor=alice", "actor=victor", "decision=DENY",
                "action=record.put&limit=10", "from=2000-01-01T00:00:00Z",
                "actor=ops&actorType=PLATFORM_OPERATOR")) {
            List<String> seenByOther = allPages(otherAdmin, query);
            assertThat(seenByOther).as(query).doesNotContainAnyElementsOf(ours);
            assertThat(allPages(admin, query + "&" + upToHistoryEnd())).as(query).doesNotContainAnyElementsOf(theirs);
        }
        assertThat(theirs).hasSizeGreaterThanOrEqualTo(41);
        AuditItems.eventsByShard(stack.adminDynamoDb(), stack.tables().audit(), other).values()
                .forEach(events -> assertThat(events).allSatisfy(event ->
                        assertThat(event.get("tenantId").s()).isEqualTo(other)));
    }

    @Test
    void loweringTheShardCount_shouldBe400_andChangeNothing() {
        ApiClient.Response lowered = patch(tenant, "{\"auditShards\":2}");

        assertThat(lowered.status()).isEqualTo(400);
        assertThat(lowered.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(lowered.json().at("/error/message").asText()).contains("only grow");
        assertThat(lowered.json().at("/error/requestId").asText()).isEqualTo(lowered.requestId());
        assertThat(api.get("/tenants/" + tenant, operator).json().get("auditShards").asInt()).isEqualTo(4);
        assertThat(allPages(admin, upToHistoryEnd() + "&limit=100")).hasSize(202);
        // malformed counts are refused and audited too (issue 12, item 8): this request's event is the one to check
        List<JsonNode> refusals = new java.util.ArrayList<>();
        api.get("/audit?action=tenant.audit.shards&decision=DENY&limit=100", admin).json().get("items")
                .forEach(item -> {
                    if (item.path("requestId").asText().equals(lowered.requestId())) {
                        refusals.add(item);
                    }
                });
        assertThat(refusals).singleElement().satisfies(refusal -> {
            assertThat(refusal.path("reason").asText()).isEqualTo("AUDIT_SHARDS_DECREASE");
            assertThat(refusal.at("/details/newAuditShards").asText()).isEqualTo("2");
        });
    }

    @Test
    void malformedShardCounts_shouldBe400_andChangeNothing() {
        for (String body : List.of("{\"auditShards\":0}", "{\"auditShards\":17}", "{\"auditShards\":\"8\"}",
                "{\"auditShards\":8.5}", "{\"auditShards\":null}", "{\"auditShards\":8,\"status\":\"ACTIVE\"}", "{}")) {
            ApiClient.Response response = patch(tenant, body);

            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.errorCode()).as(body).isEqualTo("INVALID_REQUEST");
            assertThat(AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), tenant))
                    .as("the refusal of %s, audited once", body)
                    .filteredOn(event -> event.get("requestId").s().equals(response.requestId())).singleElement()
                    .satisfies(event -> assertThat(event.get("reason").s()).isEqualTo("INVALID_REQUEST"));
        }
        assertThat(api.get("/tenants/" + tenant, operator).json().get("auditShards").asInt()).isEqualTo(4);
    }

    @Test
    void raisingTheShardCount_shouldKeepEveryOlderEventVisible_andSpreadOnlyTheNewOnes() {
        String grown = ApiClient.uniqueTenant("grown");
        api.registerTenant(grown);
        String token = api.token(grown, "alice", "admin");
        assertThat(api.get("/tenants/" + grown, operator).json().get("auditShards").asInt()).isEqualTo(1);
        for (int i = 0; i < 10; i++) {
            api.get("/me", token);
        }
        Map<String, List<Map<String, AttributeValue>>> before = AuditItems.eventsByShard(stack.adminDynamoDb(),
                stack.tables().audit(), grown);
        // tenant.register, tenant.describe and ten session.describe, all in the partition <tenant>, as before sharding
        assertThat(before.get(grown)).hasSize(12);
        assertThat(before.entrySet()).filteredOn(shard -> !shard.getKey().equals(grown))
                .allSatisfy(shard -> assertThat(shard.getValue()).isEmpty());

        assertThat(patch(grown, "{\"auditShards\":8}").status()).isEqualTo(200);
        for (int i = 0; i < 60; i++) {
            api.get("/me", token);
        }
        Instant end = Instant.now();

        Map<String, List<Map<String, AttributeValue>>> after = AuditItems.eventsByShard(stack.adminDynamoDb(),
                stack.tables().audit(), grown);
        assertThat(after.get(grown)).containsAll(before.get(grown));
        assertThat(after.entrySet()).filteredOn(shard -> !shard.getValue().isEmpty()).hasSizeGreaterThan(4)
                .allSatisfy(shard -> assertThat(List.of(grown, grown + "#a1", grown + "#a2", grown + "#a3",
                        grown + "#a4", grown + "#a5", grown + "#a6", grown + "#a7")).contains(shard.getKey()));
        List<String> stored = AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), grown).stream()
                .filter(event -> !Instant.parse(event.get("timestamp").s()).isAfter(end))
                .map(event -> event.get("eventId").s()).sorted(Comparator.reverseOrder()).toList();
        assertThat(allPages(token, "to=" + end + "&limit=9")).hasSize(73).isEqualTo(stored);
    }
}
