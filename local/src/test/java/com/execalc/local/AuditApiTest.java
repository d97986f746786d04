package com.execalc.local;

import com.execalc.audit.EventIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /audit} through the local gateway: the caller's own tenant's events, and nothing else. */
@ExtendWith(LocalCloudExtension.class)
class AuditApiTest {

    private final LocalCloud stack;
    private final ApiClient api;
    private String tenant;
    private String admin;
    private String viewer;

    AuditApiTest(LocalCloud stack, OpenApiContract contract) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri(), contract);
    }

    @BeforeEach
    void createSomeHistory(RegisteredTenant registered) {
        tenant = registered.id();
        admin = registered.admin();
        viewer = registered.token("victor", "viewer");
        api.send("PUT", "/namespaces/orders", admin, null, Map.of());                      // namespace.create ALLOW
        for (int i = 1; i <= 4; i++) {
            api.send("PUT", "/namespaces/orders/records/r" + i, admin, "{}", Map.of());      // record.put ALLOW x4
        }
        api.get("/namespaces/orders/records/r1", viewer);                                    // record.get ALLOW
        api.send("PUT", "/namespaces/orders/records/r9", viewer, "{}", Map.of());            // record.put DENY
    }

    private JsonNode audit(String token, String query) {
        ApiClient.Response response = api.get("/audit" + query, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> actions(JsonNode page) {
        List<String> actions = new ArrayList<>();
        page.get("items").forEach(item -> actions.add(item.get("action").asText()));
        return actions;
    }

    @Test
    void get_shouldListTheTenantsEventsNewestFirst() {
        JsonNode page = audit(admin, "");

        assertThat(actions(page)).startsWith("record.put", "record.get", "record.put", "record.put");
        assertThat(actions(page)).contains("namespace.create", "tenant.register");
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("eventId").asText()));
        assertThat(ids).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(page.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void get_shouldPageThroughEveryEvent_withCursors() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = audit(admin, "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(item -> seen.add(item.get("eventId").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 20);

        List<String> all = new ArrayList<>();
        audit(admin, "?limit=100").get("items").forEach(item -> all.add(item.get("eventId").asText()));
        // paging is audited too: events newer than the first page were made by the paging itself
        int first = all.indexOf(seen.get(0));
        assertThat(first).isGreaterThanOrEqualTo(0);
        assertThat(seen).isEqualTo(all.subList(first, all.size()));
        assertThat(seen).hasSizeGreaterThanOrEqualTo(8).doesNotHaveDuplicates();
        assertThat(pages).isGreaterThanOrEqualTo(4);
    }

    @Test
    void get_shouldFilterByActionDecisionAndActor() {
        assertThat(actions(audit(admin, "?action=record.put"))).hasSize(5).containsOnly("record.put");
        JsonNode denials = audit(admin, "?decision=DENY");
        assertThat(denials.get("items")).hasSize(1);
        assertThat(denials.at("/items/0/actor").asText()).isEqualTo("victor");
        assertThat(denials.at("/items/0/reason").asText()).isEqualTo("ROLE_DENIES_ACTION");
        assertThat(actions(audit(admin, "?actor=victor"))).containsExactly("record.put", "record.get");
        assertThat(actions(audit(admin, "?actor=victor&decision=ALLOW"))).containsExactly("record.get");
    }

    @Test
    void get_shouldFilterByTime() {
        Instant later = Instant.now().plusSeconds(3600);

        assertThat(audit(admin, "?from=" + later).get("items")).isEmpty();
        assertThat(audit(admin, "?to=2020-01-01T00:00:00Z").get("items")).isEmpty();
        assertThat(audit(admin, "?from=2020-01-01T00:00:00Z&to=" + later).get("items").size()).isGreaterThan(5);
    }

    @Test
    void get_shouldBe403_forAViewer_andAudited() {
        ApiClient.Response response = api.get("/audit", viewer);

        assertThat(response.status()).isEqualTo(403);
        assertThat(actions(audit(admin, "?actor=victor&action=audit.query"))).containsExactly("audit.query");
    }

    @Test
    void get_shouldBe400_forMalformedFilters() {
        for (String query : new String[] {"?from=yesterday", "?decision=MAYBE", "?action=Record.Put", "?limit=0",
                "?limit=101", "?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", "?actorType=OPERATOR",
                "?actorType=member"}) {
            assertThat(api.get("/audit" + query, admin).status()).as(query).isEqualTo(400);
        }
    }

    @Test
    void cursors_shouldBeBoundToTheTenantAndTheFilters() {
        String cursor = audit(admin, "?limit=1&action=record.put").get("nextCursor").asText();
        String other = ApiClient.uniqueTenant("globex");
        api.registerTenant(other);
        String otherAdmin = api.token(other, "mallory", "admin");
        String tampered = cursor.substring(0, cursor.length() - 2) + (cursor.endsWith("AA") ? "BB" : "AA");

        assertThat(api.get("/audit?limit=1&action=record.put&cursor=" + cursor, otherAdmin).status()).isEqualTo(400);
        assertThat(api.get("/audit?limit=1&action=record.get&cursor=" + cursor, admin).status()).isEqualTo(400);
        assertThat(api.get("/audit?limit=1&action=record.put&cursor=" + tampered, admin).status()).isEqualTo(400);
        assertThat(api.get("/audit?limit=1&action=record.put&cursor=" + cursor, admin).status()).isEqualTo(200);
    }

    @Test
    void anotherTenant_shouldNeverSeeAnEventOfThisTenant_whateverTheQueryString() {
        String other = ApiClient.uniqueTenant("globex");
        api.registerTenant(other);
        String otherAdmin = api.token(other, "mallory", "admin");
        List<String> thisTenantsEvents = new ArrayList<>();
        audit(admin, "?limit=100").get("items").forEach(item -> thisTenantsEvents.add(item.get("eventId").asText()));

        List<String> queries = List.of("", "?actor=alice", "?actor=victor", "?action=record.put", "?decision=DENY",
                "?from=2000-01-01T00:00:00Z", "?limit=100", "?actor=ops&actorType=PLATFORM_OPERATOR");
        for (String query : queries) {
            ApiClient.Response response = api.get("/audit" + query, otherAdmin);
            assertThat(response.status()).as(query).isEqualTo(200);
            response.json().get("items").forEach(item -> {
                assertThat(thisTenantsEvents).as(query).doesNotContain(item.get("eventId").asText());
                assertThat(item.get("actor").asText()).as(query).isIn("mallory", "ops");
            });
        }
        assertThat(api.get("/audit?tenantId=" + tenant, otherAdmin).status()).isEqualTo(403);
        assertThat(api.send("GET", "/audit", otherAdmin, null, Map.of("X-Tenant-Id", tenant)).status()).isEqualTo(403);
    }

    @Test
    void anIngressDenialOfASuspendedTenant_shouldBeAuditedInThatTenantsPartition() {
        String operator = api.operatorToken();
        api.send("PATCH", "/tenants/" + tenant, operator, "{\"status\":\"SUSPENDED\"}", Map.of());
        ApiClient.Response denied = api.get("/namespaces", admin);
        api.send("PATCH", "/tenants/" + tenant, operator, "{\"status\":\"ACTIVE\"}", Map.of());

        JsonNode events = audit(admin, "?action=ingress.authorize");

        assertThat(denied.status()).isEqualTo(403);
        assertThat(events.get("items")).hasSize(1);
        assertThat(events.at("/items/0/decision").asText()).isEqualTo("DENY");
        assertThat(events.at("/items/0/reason").asText()).isEqualTo("TENANT_SUSPENDED");
        assertThat(events.at("/items/0/actor").asText()).isEqualTo("alice");
        assertThat(actions(audit(admin, "?actor=ops&actorType=PLATFORM_OPERATOR")))
                .contains("tenant.status", "tenant.register");
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The (actorType, actor, action) of each event of a page, e.g. {@code MEMBER platform:ops namespace.list}. */
    private static List<String> actors(JsonNode page) {
        List<String> actors = new ArrayList<>();
        page.get("items").forEach(item -> actors.add(item.path("actorType").asText("(none)") + " "
                + item.get("actor").asText() + " " + item.get("action").asText()));
        return actors;
    }

    @Test
    void aMemberWhoseSubjectLooksLikeAnOperators_shouldReadAsAMember_andNeverAsThePlatformOperator() {
        String impostor = api.token(tenant, "platform:ops", "admin");
        assertThat(api.get("/namespaces", impostor).status()).isEqualTo(200);

        assertThat(actors(audit(admin, "?action=namespace.list"))).containsExactly("MEMBER platform:ops namespace.list");
        assertThat(actors(audit(admin, "?action=tenant.register")))
                .containsExactly("PLATFORM_OPERATOR ops tenant.register");
        assertThat(actors(audit(admin, "?actorType=PLATFORM_OPERATOR&limit=100")))
                .containsExactly("PLATFORM_OPERATOR ops tenant.register");
        assertThat(actors(audit(admin, "?actor=" + encoded("platform:ops") + "&limit=100")))
                .containsExactly("MEMBER platform:ops namespace.list");
        assertThat(actors(audit(admin, "?actor=ops&limit=100"))).containsExactly("PLATFORM_OPERATOR ops tenant.register");
        assertThat(actors(audit(admin, "?actorType=MEMBER&limit=100")))
                .allSatisfy(actor -> assertThat(actor).startsWith("MEMBER "))
                .contains("MEMBER platform:ops namespace.list", "MEMBER alice namespace.create");
    }

    /** An audit item as the trail wrote it before events carried their actor's kind. */
    private Map<String, AttributeValue> legacyItem(String actor, String action) {
        Instant now = Instant.now();
        String eventId = new EventIds().next(now);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(tenant));
        item.put("sk", AttributeValue.fromS(eventId));
        item.put("eventId", AttributeValue.fromS(eventId));
        item.put("timestamp", AttributeValue.fromS(now.toString()));
        item.put("tenantId", AttributeValue.fromS(tenant));
        item.put("actor", AttributeValue.fromS(actor));
        item.put("roles", AttributeValue.fromL(List.of()));
        item.put("action", AttributeValue.fromS(action));
        item.put("resource", AttributeValue.fromS(tenant));
        item.put("decision", AttributeValue.fromS("ALLOW"));
        item.put("reason", AttributeValue.fromS("LEGACY"));
        item.put("requestId", AttributeValue.fromS("req-legacy-" + eventId));
        item.put("outcome", AttributeValue.fromN("200"));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(now.plusSeconds(86_400).getEpochSecond())));
        stack.adminDynamoDb().putItem(put -> put.tableName(stack.tables().audit()).item(item));
        return item;
    }

    @Test
    void itemsWrittenBeforeActorTypes_shouldReadWithTheKindTheirActionImplies_andMatchTheActorFilters() {
        legacyItem("platform:ops", "tenant.status");   // the control plane's, before: an operator
        legacyItem("platform:ops", "record.get");      // a member whose subject is platform:ops
        legacyItem("carol", "record.get");             // an ordinary member

        List<String> legacy = actors(audit(admin, "?limit=100")).stream()
                .filter(actor -> actor.endsWith("record.get") || actor.endsWith("tenant.status")).toList();

        assertThat(legacy).containsExactly("MEMBER carol record.get", "MEMBER platform:ops record.get",
                "PLATFORM_OPERATOR ops tenant.status", "MEMBER victor record.get");
        assertThat(actors(audit(admin, "?actor=ops&actorType=PLATFORM_OPERATOR&limit=100")))
                .containsExactly("PLATFORM_OPERATOR ops tenant.status", "PLATFORM_OPERATOR ops tenant.register");
        assertThat(actors(audit(admin, "?actor=ops&limit=100")))
                .containsExactly("PLATFORM_OPERATOR ops tenant.status", "PLATFORM_OPERATOR ops tenant.register");
        assertThat(actors(audit(admin, "?actor=" + encoded("platform:ops") + "&limit=100")))
                .containsExactly("MEMBER platform:ops record.get");
        assertThat(actors(audit(admin, "?actor=" + encoded("platform:ops") + "&actorType=MEMBER&limit=100")))
                .containsExactly("MEMBER platform:ops record.get");
        assertThat(actors(audit(admin, "?actorType=MEMBER&action=record.get&limit=100")))
                .containsExactly("MEMBER carol record.get", "MEMBER platform:ops record.get", "MEMBER victor record.get");
        assertThat(actors(audit(admin, "?actorType=PLATFORM_OPERATOR&limit=100")))
                .containsExactly("PLATFORM_OPERATOR ops tenant.status", "PLATFORM_OPERATOR ops tenant.register");
    }
}
