package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-tenant matrix of the data plane: tenant B tries every route and verb with every way it could name tenant
 * A's resources (A's namespace names, record ids, cursors and record versions, and A's tenant id in a header, a query
 * parameter or a body field) and learns nothing, changes nothing of A's and is audited in its own partition only.
 *
 * <p>The scenario runs once for the class (set up in {@link #runTheScenario()}); each test states one property of it.
 *
 * <ol>
 *   <li>B makes its own namespace "orders" (the name A will use too).</li>
 *   <li>First pass, while A holds nothing: B makes every attempt that names A's namespaces, record ids, versions or
 *       tenant id. A has never created anything yet.</li>
 *   <li>A cursor only exists once A has records, so A creates its data, reads its cursors and deletes everything
 *       again; A's partitions are empty afterwards (checked). Then B makes every attempt that uses A's cursors.</li>
 *   <li>A creates its data (the same ids, versions and cursors as before): namespaces "orders" (5 records) and
 *       "a-private" (3 records), one record of each at version 2.</li>
 *   <li>Second pass: B makes every attempt again, in the same order.</li>
 * </ol>
 *
 * <p>B's state is the same at the start of both passes: every attempt that legitimately creates something of B's own
 * (B's record "ord-1", B's namespace "a-private", B's "orders" deleted and made again) is followed, inside the same
 * pass, by the attempt that removes or restores it. So each attempt meets the same B in both passes, and its response
 * can be compared in full (status, error code, ETag, body) rather than by status only; only the request id and the
 * timestamps of B's own writes ({@code createdAt}, {@code updatedAt}) necessarily differ, and are masked. Masking them
 * cannot hide a leak: an answer that carried anything of A's would differ in its other fields, since A held nothing in
 * the first pass.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossTenantIsolationTest {

    private static final String ORDERS = "orders";
    private static final String PRIVATE = "a-private";
    private static final List<String> ORDER_IDS = List.of("ord-1", "ord-2", "ord-3", "ord-4", "ord-5");
    private static final List<String> PRIVATE_IDS = List.of("secret-1", "secret-2", "secret-3");
    private static final String TIMESTAMP = "<timestamp>";

    private static final String NOT_FOUND = "NOT_FOUND";
    private static final String INVALID_REQUEST = "INVALID_REQUEST";
    private static final String TENANT_MISMATCH = "TENANT_MISMATCH";
    private static final String FORBIDDEN = "FORBIDDEN";
    private static final String PRECONDITION_FAILED = "PRECONDITION_FAILED";

    private static final String NAMESPACES_OF_B =
            "{\"items\":[{\"namespace\":\"orders\",\"createdAt\":\"" + TIMESTAMP + "\"}]}";
    private static final String EMPTY_PAGE = "{\"items\":[],\"nextCursor\":null}";
    private static final String DATA_OF_B = "{\"note\":\"bob's own ord-1\"}";

    private final LocalStack stack;
    private final ApiClient api;
    private final ObjectMapper json = new ObjectMapper();
    private final String tenantA = ApiClient.uniqueTenant("iso-a");
    private final String tenantB = ApiClient.uniqueTenant("iso-b");
    /** In every record of A: if it appears in any answer to B, A's data leaked. */
    private final String secretOfA = "secret-of-a-" + UUID.randomUUID();

    private final List<Sent> requestsOfA = new ArrayList<>();
    private final List<Sent> requestsOfB = new ArrayList<>();
    private Caller alice;
    private Caller bob;
    private Caller vic;
    private Caller otto;

    private CursorsOfA cursorsOfA;
    private List<Attempt> attempts;
    private final List<Answer> whileAHeldNothing = new ArrayList<>();
    private final List<Answer> whileAHeldData = new ArrayList<>();

    private Map<String, List<Map<String, AttributeValue>>> partitionsOfABeforeFirstPass;
    private Map<String, List<Map<String, AttributeValue>>> partitionsOfAAfterFirstPass;
    private JsonNode dataOfAThroughApiBefore;
    private JsonNode dataOfAThroughApiAfter;
    private Map<String, List<Map<String, AttributeValue>>> partitionsOfABefore;
    private Map<String, List<Map<String, AttributeValue>>> partitionsOfAAfter;
    private List<Map<String, AttributeValue>> auditOfABefore;
    private List<Map<String, AttributeValue>> auditOfAAfter;
    private List<Sent> requestsOfAInScenario;
    private List<Sent> requestsOfBInScenario;
    private List<Map<String, AttributeValue>> auditOfAAtEnd;
    private List<Map<String, AttributeValue>> auditOfBAtEnd;

    CrossTenantIsolationTest(LocalStack stack) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri());
    }

    @BeforeAll
    void runTheScenario() {
        // GIVEN two tenants; B has its own (empty) namespace "orders"
        api.registerTenant(tenantA);
        api.registerTenant(tenantB);
        alice = new Caller("alice-of-a", "admin", api.token(tenantA, "alice-of-a", "admin"), requestsOfA);
        bob = new Caller("bob-of-b", "admin", api.token(tenantB, "bob-of-b", "admin"), requestsOfB);
        vic = new Caller("vic-of-b", "viewer", api.token(tenantB, "vic-of-b", "viewer"), requestsOfB);
        otto = new Caller("otto-of-b", "operator", api.token(tenantB, "otto-of-b", "operator"), requestsOfB);
        require(bob.send("PUT", "/namespaces/" + ORDERS, null, Map.of()), 201);

        // WHEN B makes every attempt while A holds nothing ...
        partitionsOfABeforeFirstPass = partitionsOfA();
        List<Attempt> naming = attemptsNamingAsResources();
        naming.forEach(attempt -> whileAHeldNothing.add(attempt.make()));
        // ... (A's cursors exist only once A has records: A reads them, then deletes everything again)
        createDataOfA();
        cursorsOfA = readCursorsOfA();
        deleteDataOfA();
        List<Attempt> withCursors = attemptsWithCursorsOfA(cursorsOfA);
        withCursors.forEach(attempt -> whileAHeldNothing.add(attempt.make()));
        partitionsOfAAfterFirstPass = partitionsOfA();
        attempts = Stream.concat(naming.stream(), withCursors.stream()).toList();

        // ... and again, in the same order, while A holds its data
        createDataOfA();
        dataOfAThroughApiBefore = dataOfAThroughApi();
        partitionsOfABefore = partitionsOfA();
        auditOfABefore = auditPartition(tenantA);
        attempts.forEach(attempt -> whileAHeldData.add(attempt.make()));
        auditOfAAfter = auditPartition(tenantA);
        partitionsOfAAfter = partitionsOfA();
        dataOfAThroughApiAfter = dataOfAThroughApi();

        // (the tests below send a few more requests of their own: the audit tests look at the scenario's only)
        requestsOfAInScenario = List.copyOf(requestsOfA);
        requestsOfBInScenario = List.copyOf(requestsOfB);
        auditOfAAtEnd = auditPartition(tenantA);
        auditOfBAtEnd = auditPartition(tenantB);
    }

    /**
     * Every attempt B can make at A's namespaces, records and versions, or by naming A's tenant, in the order they are
     * made. Whatever B legitimately creates of its own is removed again by a later attempt of the same list.
     */
    private List<Attempt> attemptsNamingAsResources() {
        String a = tenantA;
        String ord1 = record(ORDERS, "ord-1");
        String secret1 = record(PRIVATE, "secret-1");
        String data = "{\"note\":\"written by b\"}";
        return List.of(
                // GET /namespaces: B's own namespaces only, whatever A holds
                by(bob).get("/namespaces").is(200, NAMESPACES_OF_B),
                by(vic).get("/namespaces").is(200, NAMESPACES_OF_B),
                by(bob).get("/namespaces").header("X-Amz-Tenant-Id", a).is(200, NAMESPACES_OF_B), // overwritten by the gateway
                by(bob).get("/namespaces?tenantId=" + a).fails(403, TENANT_MISMATCH),
                by(vic).get("/namespaces?tenant=" + a).fails(403, TENANT_MISMATCH),
                by(bob).get("/namespaces").header("X-Tenant-Id", a).fails(403, TENANT_MISMATCH),

                // GET /namespaces/{ns}/records: B's own empty "orders"; no "a-private" at all
                by(bob).get("/namespaces/orders/records").is(200, EMPTY_PAGE),
                by(bob).get("/namespaces/orders/records?limit=2").is(200, EMPTY_PAGE),
                by(vic).get("/namespaces/orders/records?limit=2").is(200, EMPTY_PAGE),
                by(bob).get("/namespaces/orders/records").header("X-Amz-Tenant-Id", a).is(200, EMPTY_PAGE),
                by(bob).get("/namespaces/a-private/records").fails(404, NOT_FOUND),
                by(vic).get("/namespaces/a-private/records?limit=2").fails(404, NOT_FOUND),
                by(bob).get("/namespaces/" + a + "/records").fails(404, NOT_FOUND), // a namespace named like A
                by(bob).get("/namespaces/" + a + "%23orders/records").fails(400, INVALID_REQUEST), // A's partition key
                by(bob).get("/namespaces/orders/records?tenantId=" + a).fails(403, TENANT_MISMATCH),
                by(bob).get("/namespaces/a-private/records").header("X-Tenant-Id", a).fails(403, TENANT_MISMATCH),

                // PUT and DELETE /namespaces/{ns}
                by(bob).put("/namespaces/orders", null).is(200, "{\"namespace\":\"orders\"}"), // B's own exists
                by(bob).delete("/namespaces/a-private").fails(404, NOT_FOUND),
                by(otto).delete("/namespaces/a-private").fails(404, NOT_FOUND),
                by(bob).delete("/namespaces/" + a + "%23a-private").fails(400, INVALID_REQUEST),
                by(vic).put("/namespaces/a-private", null).fails(403, FORBIDDEN),
                by(vic).delete("/namespaces/orders").fails(403, FORBIDDEN),
                by(bob).put("/namespaces/a-private?tenantId=" + a, null).fails(403, TENANT_MISMATCH),
                by(bob).put("/namespaces/a-private", "{\"tenantId\":\"" + a + "\"}").fails(403, TENANT_MISMATCH),
                by(bob).put("/namespaces/a-private", null).header("X-Tenant-Id", a).fails(403, TENANT_MISMATCH),
                by(otto).put("/namespaces/orders", "{\"tenant\":\"" + a + "\"}").fails(403, TENANT_MISMATCH),
                by(bob).delete("/namespaces/orders?tenantId=" + a).fails(403, TENANT_MISMATCH),
                by(bob).delete("/namespaces/orders").header("X-Tenant-Id", a).fails(403, TENANT_MISMATCH),

                // GET /namespaces/{ns}/records/{id} with A's ids
                by(bob).get(ord1).fails(404, NOT_FOUND),
                by(bob).get(record(ORDERS, "ord-2")).fails(404, NOT_FOUND),
                by(vic).get(ord1).fails(404, NOT_FOUND),
                by(bob).get(secret1).fails(404, NOT_FOUND),
                by(bob).get("/namespaces/" + a + "/records/ord-1").fails(404, NOT_FOUND),
                by(bob).get("/namespaces/orders/records/REC%23ord-1").fails(400, INVALID_REQUEST), // A's sort key
                by(bob).get(ord1 + "?tenantId=" + a).fails(403, TENANT_MISMATCH),
                by(bob).get(ord1).header("X-Tenant-Id", a).fails(403, TENANT_MISMATCH),

                // PUT /namespaces/{ns}/records/{id} with A's ids and versions: B has no such record (412) or
                // no such namespace (404, checked before the version)
                by(bob).put(ord1, data).ifMatch("1").fails(412, PRECONDITION_FAILED),
                by(bob).put(ord1, data).ifMatch("2").fails(412, PRECONDITION_FAILED),
                by(otto).put(ord1, data).ifMatch("2").fails(412, PRECONDITION_FAILED),
                by(bob).put(secret1, data).fails(404, NOT_FOUND),
                by(bob).put(secret1, data).ifMatch("2").fails(404, NOT_FOUND),
                by(vic).put(ord1, data).fails(403, FORBIDDEN),
                by(vic).put(ord1, data).ifMatch("2").fails(403, FORBIDDEN),
                by(bob).put(ord1, "{\"tenantId\":\"" + a + "\",\"note\":\"x\"}").fails(403, TENANT_MISMATCH),
                by(bob).put(ord1, "{\"tenant_id\":\"" + a + "\"}").ifMatch("2").fails(403, TENANT_MISMATCH),
                by(bob).put(ord1 + "?tenantId=" + a, data).fails(403, TENANT_MISMATCH),
                by(bob).put(ord1, data).header("X-Tenant-Id", a).ifMatch("2").fails(403, TENANT_MISMATCH),

                // DELETE /namespaces/{ns}/records/{id}: an absent record is 404 before any precondition is
                // evaluated (RFC 9110 13.2.1), so If-Match with A's versions changes nothing
                by(bob).delete(ord1).fails(404, NOT_FOUND),
                by(bob).delete(ord1).ifMatch("1").fails(404, NOT_FOUND),
                by(bob).delete(ord1).ifMatch("2").fails(404, NOT_FOUND),
                by(otto).delete(secret1).ifMatch("2").fails(404, NOT_FOUND),
                by(vic).delete(ord1).ifMatch("2").fails(403, FORBIDDEN),
                by(bob).delete(ord1 + "?tenantId=" + a).fails(403, TENANT_MISMATCH),
                by(bob).delete(secret1).header("X-Tenant-Id", a).fails(403, TENANT_MISMATCH),

                // B's own record under A's id: B's version 1 with B's data, never A's version 2; then removed
                by(bob).put(ord1, DATA_OF_B).is(201, recordOfB(1)),
                by(bob).get(ord1).is(200, recordOfB(1)),
                by(bob).put(ord1, DATA_OF_B).ifMatch("2").fails(412, PRECONDITION_FAILED),
                by(bob).delete(ord1).ifMatch("1").is(204, null),

                // B's own namespace under A's name: created fresh (201, never 200), empty; then removed
                by(bob).put("/namespaces/a-private", null).is(201, "{\"namespace\":\"a-private\"}"),
                by(bob).get("/namespaces/a-private/records").is(200, EMPTY_PAGE),
                by(bob).get(secret1).fails(404, NOT_FOUND),
                by(bob).delete("/namespaces/a-private").is(204, null),

                // B's empty "orders" is deleted (A's "orders" holds records: it would be 409 NAMESPACE_NOT_EMPTY),
                // then made again
                by(bob).delete("/namespaces/orders").is(204, null),
                by(bob).put("/namespaces/orders", null).is(201, "{\"namespace\":\"orders\"}"));
    }

    /** Every attempt B can make with a cursor A obtained: refused as a cursor, before any namespace is looked at. */
    private List<Attempt> attemptsWithCursorsOfA(CursorsOfA cursors) {
        String a = tenantA;
        return List.of(
                by(bob).get("/namespaces/orders/records?limit=2&cursor=" + cursors.orders()).fails(400, INVALID_REQUEST),
                by(bob).get("/namespaces/orders/records?cursor=" + cursors.orders()).fails(400, INVALID_REQUEST),
                by(vic).get("/namespaces/orders/records?limit=2&cursor=" + cursors.orders()).fails(400, INVALID_REQUEST),
                by(bob).get("/namespaces/orders/records?limit=2&cursor=" + cursors.aPrivate()).fails(400, INVALID_REQUEST),
                by(bob).get("/namespaces/a-private/records?limit=2&cursor=" + cursors.orders()).fails(400, INVALID_REQUEST),
                by(bob).get("/namespaces/a-private/records?limit=2&cursor=" + cursors.aPrivate()).fails(400, INVALID_REQUEST),
                by(vic).get("/namespaces/a-private/records?cursor=" + cursors.aPrivate()).fails(400, INVALID_REQUEST),
                by(bob).get("/namespaces/" + a + "/records?cursor=" + cursors.orders()).fails(400, INVALID_REQUEST),
                by(bob).get("/namespaces/orders/records?cursor=" + cursors.orders() + "&tenantId=" + a)
                        .fails(403, TENANT_MISMATCH));
    }

    // ---------------------------------------------------------------------------------------------------------- (a)

    @TestFactory
    Stream<DynamicTest> everyAttemptOfB_shouldGetItsDocumentedAnswer_whileAHoldsData() {
        return IntStream.range(0, attempts.size()).mapToObj(i -> DynamicTest.dynamicTest(attempts.get(i).toString(),
                () -> attempts.get(i).expected().verify(whileAHeldData.get(i), attempts.get(i).toString())));
    }

    @TestFactory
    Stream<DynamicTest> everyAttemptOfB_shouldGetItsDocumentedAnswer_whileAHoldsNothing() {
        return IntStream.range(0, attempts.size()).mapToObj(i -> DynamicTest.dynamicTest(attempts.get(i).toString(),
                () -> attempts.get(i).expected().verify(whileAHeldNothing.get(i), attempts.get(i).toString())));
    }

    @TestFactory
    Stream<DynamicTest> everyAttemptOfB_shouldBeAnsweredExactlyAsWhenAHeldNothing() {
        return IntStream.range(0, attempts.size()).mapToObj(i -> DynamicTest.dynamicTest(attempts.get(i).toString(),
                () -> assertThat(whileAHeldData.get(i).comparable())
                        .as("%s: answer while A holds data vs while A held nothing", attempts.get(i))
                        .isEqualTo(whileAHeldNothing.get(i).comparable())));
    }

    @Test
    void noAnswerToB_shouldContainAnythingOfAsData() {
        for (int i = 0; i < attempts.size(); i++) {
            String body = whileAHeldData.get(i).rawBody();
            assertThat(body).as(attempts.get(i).toString())
                    .doesNotContain(secretOfA)
                    .doesNotContain("secret-2", "ord-3");
        }
    }

    @Test
    void aCursorOfA_shouldBe400ForB_andNeverAPageOfAsRecords_whileItStillWorksForA() {
        // GIVEN the cursor B tries is live: A gets the second page of its "orders" with it
        ApiClient.Response forA = alice.send("GET", "/namespaces/orders/records?limit=2&cursor=" + cursorsOfA.orders(),
                null, Map.of());
        assertThat(forA.status()).isEqualTo(200);
        assertThat(forA.json().get("items")).extracting(item -> item.get("id").asText())
                .containsExactly("ord-3", "ord-4");

        // WHEN B uses it, THEN it is refused as a cursor, with no items
        ApiClient.Response forB = bob.send("GET", "/namespaces/orders/records?limit=2&cursor=" + cursorsOfA.orders(),
                null, Map.of());
        assertThat(forB.status()).isEqualTo(400);
        assertThat(forB.errorCode()).isEqualTo(INVALID_REQUEST);
        assertThat(forB.json().has("items")).isFalse();
        assertThat(forB.body()).doesNotContain("ord-3").doesNotContain(secretOfA);
    }

    // Fails at 915264c for the seal's last character: CursorCodec.decode uses Base64's lenient decoder, which ignores
    // the unused low bits of a final character, so a different string decodes to the same payload and seal.
    @Test
    void aCursorWithOneCharacterChanged_shouldBe400_evenForTheTenantItWasIssuedTo() {
        // a cursor is <base64url payload>.<base64url seal>: change the first, a middle and the last character of each
        // part (the last one carries the unused bits of the base64 encoding), and the separator
        String cursor = cursorsOfA.orders();
        int dot = cursor.indexOf('.');
        for (int position : new int[] {0, dot / 2, dot - 1, dot, dot + 1, (dot + cursor.length()) / 2,
                cursor.length() - 1}) {
            String tampered = cursor.substring(0, position) + flipped(cursor.charAt(position))
                    + cursor.substring(position + 1);

            ApiClient.Response response = alice.send("GET", "/namespaces/orders/records?limit=2&cursor=" + tampered,
                    null, Map.of());

            assertThat(response.status()).as("character %d of %s changed: %s", position, cursor, tampered)
                    .isEqualTo(400);
            assertThat(response.errorCode()).as("character %d changed", position).isEqualTo(INVALID_REQUEST);
        }
    }

    /** Another character of the base64url alphabet: the lowest bit flipped, so the change is as small as it gets. */
    private static char flipped(char c) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int index = alphabet.indexOf(c);
        return index < 0 ? 'A' : alphabet.charAt(index ^ 1); // '.' (not in the alphabet) becomes 'A'
    }

    // ---------------------------------------------------------------------------------------------------------- (b)

    @Test
    void asData_shouldReadTheSameThroughTheApi_afterEveryAttemptOfB() {
        // the snapshot is not trivially empty: 5 + 3 records, one of each namespace at version 2
        assertThat(dataOfAThroughApiBefore.at("/records/orders")).hasSize(5);
        assertThat(dataOfAThroughApiBefore.at("/records/a-private")).hasSize(3);
        assertThat(dataOfAThroughApiBefore.at("/records/orders/0/version").asLong()).isEqualTo(2);

        assertThat(dataOfAThroughApiAfter).isEqualTo(dataOfAThroughApiBefore);
    }

    @Test
    void asPartitions_shouldHoldTheSameItems_afterEveryAttemptOfB() {
        assertThat(partitionsOfABefore.get(tenantA + "#" + ORDERS)).hasSize(5);

        assertThat(partitionsOfAAfter).isEqualTo(partitionsOfABefore);
    }

    @Test
    void asPartitions_shouldStayEmpty_whileBAttemptsBeforeAHasData() {
        assertThat(partitionsOfABeforeFirstPass.values()).allSatisfy(items -> assertThat(items).isEmpty());
        assertThat(partitionsOfAAfterFirstPass.values()).allSatisfy(items -> assertThat(items).isEmpty());
    }

    // ---------------------------------------------------------------------------------------------------------- (c)

    @Test
    void everyRequestOfB_shouldHaveExactlyOneAuditEvent_inBsOwnPartition() {
        List<String> sent = requestsOfBInScenario.stream().map(Sent::requestId).toList();
        List<String> audited = auditOfBAtEnd.stream().map(event -> event.get("requestId").s()).toList();

        // B's set-up request, and every attempt made twice
        assertThat(sent).hasSize(1 + 2 * attempts.size()).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(audited).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void everyAuditEventOfB_shouldNameB_theCaller_andTheStatusTheCallerGot() {
        Map<String, Map<String, AttributeValue>> eventByRequest = new LinkedHashMap<>();
        auditOfBAtEnd.forEach(event -> eventByRequest.put(event.get("requestId").s(), event));

        for (Sent sent : requestsOfBInScenario) {
            Map<String, AttributeValue> event = eventByRequest.get(sent.requestId());
            assertThat(event).as("%s: its audit event", sent).isNotNull();
            assertThat(event.get("tenantId").s()).as("%s: tenant", sent).isEqualTo(tenantB);
            assertThat(event.get("actor").s()).as("%s: actor", sent).isEqualTo(sent.subject());
            assertThat(event.get("outcome").n()).as("%s: outcome", sent).isEqualTo(Integer.toString(sent.status()));
        }
    }

    @Test
    void asAuditPartition_shouldHoldNoEventOfB() {
        Set<String> subjectsOfB = Set.of(bob.subject, vic.subject, otto.subject);
        Set<String> requestIdsOfB = requestsOfBInScenario.stream().map(Sent::requestId).collect(Collectors.toSet());

        assertThat(auditOfAAtEnd).isNotEmpty().allSatisfy(event -> {
            assertThat(event.get("tenantId").s()).isEqualTo(tenantA);
            assertThat(event.get("actor").s()).isNotIn(subjectsOfB);
            assertThat(event.get("requestId").s()).isNotIn(requestIdsOfB);
        });
    }

    @Test
    void asAuditPartition_shouldHoldExactlyOneEventPerRequestOfA() {
        assertThat(auditOfAAtEnd.stream().map(event -> event.get("requestId").s()).toList())
                .containsExactlyInAnyOrderElementsOf(requestsOfAInScenario.stream().map(Sent::requestId).toList());
    }

    @Test
    void asAuditPartition_shouldBeUnchangedByTheAttemptsOfB() {
        assertThat(auditOfAAfter).isEqualTo(auditOfABefore);
    }

    // ------------------------------------------------------------------------------------------------- A's data

    private static String record(String namespace, String id) {
        return "/namespaces/" + namespace + "/records/" + id;
    }

    private String dataOfARecord(String id) {
        return "{\"item\":\"" + id + "\",\"secret\":\"" + secretOfA + "\"}";
    }

    /** A's namespaces and records; one record of each namespace updated to version 2. */
    private void createDataOfA() {
        for (String namespace : List.of(ORDERS, PRIVATE)) {
            require(alice.send("PUT", "/namespaces/" + namespace, null, Map.of()), 201);
        }
        ORDER_IDS.forEach(id -> require(alice.send("PUT", record(ORDERS, id), dataOfARecord(id), Map.of()), 201));
        PRIVATE_IDS.forEach(id -> require(alice.send("PUT", record(PRIVATE, id), dataOfARecord(id), Map.of()), 201));
        require(alice.send("PUT", record(ORDERS, "ord-1"), dataOfARecord("ord-1"), Map.of("If-Match", "\"1\"")), 200);
        require(alice.send("PUT", record(PRIVATE, "secret-1"), dataOfARecord("secret-1"), Map.of("If-Match", "\"1\"")),
                200);
    }

    private void deleteDataOfA() {
        ORDER_IDS.forEach(id -> require(alice.send("DELETE", record(ORDERS, id), null, Map.of()), 204));
        PRIVATE_IDS.forEach(id -> require(alice.send("DELETE", record(PRIVATE, id), null, Map.of()), 204));
        for (String namespace : List.of(ORDERS, PRIVATE)) {
            require(alice.send("DELETE", "/namespaces/" + namespace, null, Map.of()), 204);
        }
    }

    /** Cursors to the second page of each of A's namespaces. */
    private record CursorsOfA(String orders, String aPrivate) {
    }

    private CursorsOfA readCursorsOfA() {
        return new CursorsOfA(firstPageCursor(ORDERS), firstPageCursor(PRIVATE));
    }

    private String firstPageCursor(String namespace) {
        ApiClient.Response page = require(alice.send("GET", "/namespaces/" + namespace + "/records?limit=2", null,
                Map.of()), 200);
        String cursor = page.json().path("nextCursor").asText(null);
        if (cursor == null) {
            throw new IllegalStateException("A's first page of " + namespace + " has no nextCursor: " + page.body());
        }
        return cursor;
    }

    /** What A reads through the API: its namespaces, and every record of each, paged two at a time. */
    private JsonNode dataOfAThroughApi() {
        ObjectNode view = json.createObjectNode();
        JsonNode namespaces = require(alice.send("GET", "/namespaces", null, Map.of()), 200).json().get("items");
        view.set("namespaces", namespaces);
        ObjectNode records = view.putObject("records");
        for (JsonNode namespace : namespaces) {
            String name = namespace.get("namespace").asText();
            ArrayNode items = records.putArray(name);
            String cursor = null;
            do {
                String path = "/namespaces/" + name + "/records?limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
                JsonNode page = require(alice.send("GET", path, null, Map.of()), 200).json();
                page.get("items").forEach(items::add);
                cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
            } while (cursor != null);
        }
        return view;
    }

    /**
     * Every item of every partition of A that a request of B could have reached if it had been resolved to tenant A:
     * A's tenant partition, and the namespace partitions of every name B used. Read with Query, never Scan.
     */
    private Map<String, List<Map<String, AttributeValue>>> partitionsOfA() {
        Map<String, List<Map<String, AttributeValue>>> partitions = new LinkedHashMap<>();
        for (String partition : List.of(tenantA, tenantA + "#" + ORDERS, tenantA + "#" + PRIVATE,
                tenantA + "#" + tenantA)) {
            partitions.put(partition, queryPartition(stack.tables().data(), partition));
        }
        return partitions;
    }

    /** The tenant's members' audit events: no ledger entries of the shipper, no platform operators' events. */
    private List<Map<String, AttributeValue>> auditPartition(String tenant) {
        return AuditItems.memberEvents(stack.adminDynamoDb(), stack.tables().audit(), tenant);
    }

    private List<Map<String, AttributeValue>> queryPartition(String table, String partitionKey) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> from = startKey;
            QueryResponse page = stack.adminDynamoDb().query(query -> {
                query.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey)))
                        .consistentRead(true);
                if (from != null) {
                    query.exclusiveStartKey(from);
                }
            });
            items.addAll(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return items;
    }

    // ------------------------------------------------------------------------------------------------- plumbing

    private static ApiClient.Response require(ApiClient.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("Set-up expected " + status + " but got " + response.status() + ": "
                    + response.body());
        }
        return response;
    }

    private String recordOfB(long version) {
        return "{\"id\":\"ord-1\",\"namespace\":\"orders\",\"version\":" + version + ",\"updatedAt\":\"" + TIMESTAMP
                + "\",\"data\":" + DATA_OF_B + "}";
    }

    /** One request that was sent, and how it was answered. */
    private record Sent(String subject, String request, String requestId, int status) {
        @Override
        public String toString() {
            return subject + " " + request + " (" + requestId + ", " + status + ")";
        }
    }

    /** A member of a tenant with one token; remembers every request it sends. */
    private final class Caller {
        private final String subject;
        private final String role;
        private final String token;
        private final List<Sent> sent;

        Caller(String subject, String role, String token, List<Sent> sent) {
            this.subject = subject;
            this.role = role;
            this.token = token;
            this.sent = sent;
        }

        ApiClient.Response send(String method, String path, String body, Map<String, String> headers) {
            ApiClient.Response response = api.send(method, path, token, body, headers);
            sent.add(new Sent(subject, method + " " + path, requestIdOf(response), response.status()));
            return response;
        }

        @Override
        public String toString() {
            return subject + "(" + role + ")";
        }
    }

    private static String requestIdOf(ApiClient.Response response) {
        return response.headers().entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("X-Request-Id"))
                .map(header -> header.getValue().get(0))
                .findFirst().orElse(null);
    }

    private AttemptBuilder by(Caller caller) {
        return new AttemptBuilder(caller);
    }

    /** Builds one attempt: {@code by(bob).put(path, body).ifMatch("2").fails(412, "PRECONDITION_FAILED")}. */
    private final class AttemptBuilder {
        private final Caller caller;
        private String method;
        private String path;
        private String body;
        private final Map<String, String> headers = new LinkedHashMap<>();

        AttemptBuilder(Caller caller) {
            this.caller = caller;
        }

        AttemptBuilder get(String path) {
            return request("GET", path, null);
        }

        AttemptBuilder put(String path, String body) {
            return request("PUT", path, body);
        }

        AttemptBuilder delete(String path) {
            return request("DELETE", path, null);
        }

        AttemptBuilder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        AttemptBuilder ifMatch(String version) {
            return header("If-Match", "\"" + version + "\"");
        }

        /** A success: the status and the whole body, with timestamps as {@value #TIMESTAMP}; null for none. */
        Attempt is(int status, String expectedBody) {
            return new Attempt(label(), caller, method, path, body, Map.copyOf(headers),
                    new Expected(status, null, expectedBody == null ? MissingNode.getInstance() : parse(expectedBody)));
        }

        /** A failure: the status and the error code. */
        Attempt fails(int status, String code) {
            return new Attempt(label(), caller, method, path, body, Map.copyOf(headers),
                    new Expected(status, code, null));
        }

        /** E.g. "bob-of-b(admin) GET /namespaces/orders/records?cursor={A's orders cursor}", with A's id as {A}. */
        private String label() {
            String label = caller + " " + method + " " + path + (headers.isEmpty() ? "" : " " + headers)
                    + (body == null ? "" : " " + body);
            if (cursorsOfA != null) {
                label = label.replace(cursorsOfA.orders(), "{A's orders cursor}")
                        .replace(cursorsOfA.aPrivate(), "{A's a-private cursor}");
            }
            return label.replace(tenantA, "{A}");
        }

        private AttemptBuilder request(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body;
            return this;
        }
    }

    /** One way B tries to reach A, and the answer it must get. */
    private record Attempt(String label, Caller caller, String method, String path, String body,
                           Map<String, String> headers, Expected expected) {

        Answer make() {
            ApiClient.Response response = caller.send(method, path, body, headers);
            return new Answer(response.status(), response.headers().entrySet().stream()
                    .filter(header -> header.getKey().equalsIgnoreCase("ETag"))
                    .map(header -> header.getValue().get(0)).findFirst().orElse(null),
                    response.json(), response.body() == null ? "" : response.body(), requestIdOf(response));
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The documented answer: a status, and either an error code or the whole (masked) body. */
    private record Expected(int status, String errorCode, JsonNode body) {

        void verify(Answer answer, String attempt) {
            assertThat(answer.status()).as("%s: status (body %s)", attempt, answer.rawBody()).isEqualTo(status);
            if (errorCode != null) {
                assertThat(answer.body().at("/error/code").asText()).as("%s: error code", attempt).isEqualTo(errorCode);
            } else {
                assertThat(masked(answer.body())).as("%s: body", attempt).isEqualTo(body);
            }
        }
    }

    /** What B got. */
    private record Answer(int status, String etag, JsonNode body, String rawBody, String requestId) {

        /** Everything that must be the same whether or not A holds data: the request id and B's timestamps masked. */
        Comparable comparable() {
            return new Comparable(status, etag, masked(body));
        }
    }

    private record Comparable(int status, String etag, JsonNode body) {
    }

    private static JsonNode masked(JsonNode body) {
        JsonNode copy = body.deepCopy();
        if (copy.path("error").isObject()) {
            ((ObjectNode) copy.get("error")).remove("requestId");
        }
        maskTimestamps(copy);
        return copy;
    }

    private static void maskTimestamps(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String field : Set.of("createdAt", "updatedAt")) {
                if (object.path(field).isTextual()) {
                    object.put(field, TIMESTAMP);
                }
            }
        }
        node.forEach(CrossTenantIsolationTest::maskTimestamps);
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
