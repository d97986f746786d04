package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-tenant attack matrix: tenant B tries every tenant route and verb, as viewer, operator and admin, with every
 * way it could name tenant A's resources (A's namespace names, record ids, record cursors, record versions and ETags,
 * A's execution ids, A's policy versions, A's audit cursors, A's actors and request ids as audit filters, and A's
 * tenant id in a header, a query parameter or a body field) and learns nothing, changes nothing of A's and is
 * audited in its own partition only. A third tenant C holds data too and is never touched. The table of every attempt
 * is written to {@code docs/ISOLATION.md} (section {@code attack-matrix}).
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
 *       "a-private" (3 records), one record of each at version 2; and now also its policy (at version 3) and two
 *       executions in "a-decisions", which cannot be deleted again.</li>
 *   <li>Second pass: B makes every attempt again, in the same order.</li>
 * </ol>
 *
 * <p>A's execution ids only exist once A has run its executions (and the ETags of A's records, ids of the events that
 * wrote them, once A wrote them), so attempts name them by placeholder: in the first
 * pass the placeholder stands for an id that was never issued, in the second for A's real id, and B's answers must
 * still be the same: an id of A's is indistinguishable from one that does not exist. Placeholders are put back into the
 * answers before they are compared.
 *
 * <p>B holds data of its own as well (a namespace "b-decisions" with an execution, its policy at version 1), so that
 * B's own answers are not trivially empty; B's audit queries use filters whose answers do not grow with B's own
 * requests (A's actors, A's request ids, B's registration event), so that they too can be compared across passes.
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

    private static final String DECISIONS_OF_A = "a-decisions";
    private static final String DECISIONS_OF_B = "b-decisions";
    private static final String POLICY_OF_B = "{\"maxNamespaces\":77}";
    private static final String POLICY_OF_A = "{\"maxNamespaces\":33,\"recordDeletion\":false}";
    private static final String EXECUTION_ID = "<execution id>";
    private static final String EXECUTION_1 = "{A's execution 1}";
    private static final String EXECUTION_2 = "{A's execution 2}";
    private static final String AUDIT_CURSOR = "{A's audit cursor}";
    private static final String REQUEST_ID_OF_A = "{A's request id}";
    private static final String ETAG_OF_ORD_1 = "{A's ord-1 ETag}";
    private static final String ETAG_OF_SECRET_1 = "{A's secret-1 ETag}";
    private static final String OWN_ETAG = "<B's own ETag>";

    private static final String NAMESPACES_OF_B = "{\"items\":["
            + "{\"namespace\":\"b-decisions\",\"createdAt\":\"" + TIMESTAMP + "\"},"
            + "{\"namespace\":\"orders\",\"createdAt\":\"" + TIMESTAMP + "\"}]}";
    private static final String REVIEW = "{\"decision\":\"APPROVE\",\"reason\":\"approved by B\"}";
    private static final String EMPTY_PAGE = "{\"items\":[],\"nextCursor\":null}";
    private static final String DATA_OF_B = "{\"note\":\"bob's own ord-1\"}";

    private final LocalStack stack;
    private final ApiClient api;
    private final ObjectMapper json = new ObjectMapper();
    private final String tenantA = ApiClient.uniqueTenant("iso-a");
    private final String tenantB = ApiClient.uniqueTenant("iso-b");
    private final String tenantC = ApiClient.uniqueTenant("iso-c");
    /** In every record and execution of A: if it appears in any answer to B, A's data leaked. */
    private final String secretOfA = "secret-of-a-" + UUID.randomUUID();
    /** In every record and execution of C, the bystander. */
    private final String secretOfC = "secret-of-c-" + UUID.randomUUID();
    /** What the placeholders in attempts stand for in the current pass. */
    private final Map<String, String> placeholders = new LinkedHashMap<>();
    private int setUpRequestsOfB;
    private String policyViewOfB;
    private String registrationOfB;
    private Map<String, List<Map<String, AttributeValue>>> partitionsOfCBefore;
    private Map<String, List<Map<String, AttributeValue>>> partitionsOfCAfter;
    private List<Map<String, AttributeValue>> auditOfCBefore;
    private List<Map<String, AttributeValue>> auditOfCAfter;

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

    CrossTenantIsolationTest(LocalStack stack, OpenApiContract contract) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri(), contract);
    }

    @BeforeAll
    void runTheScenario() {
        // GIVEN two tenants; B has its own (empty) namespace "orders"
        api.registerTenant(tenantA);
        api.registerTenant(tenantB);
        api.registerTenant(tenantC);
        alice = new Caller("alice-of-a", "admin", api.token(tenantA, "alice-of-a", "admin"), requestsOfA);
        bob = new Caller("bob-of-b", "admin", api.token(tenantB, "bob-of-b", "admin"), requestsOfB);
        vic = new Caller("vic-of-b", "viewer", api.token(tenantB, "vic-of-b", "viewer"), requestsOfB);
        otto = new Caller("otto-of-b", "operator", api.token(tenantB, "otto-of-b", "operator"), requestsOfB);
        require(bob.send("PUT", "/namespaces/" + ORDERS, null, Map.of()), 201);
        // ... B's own data: a namespace with an execution, and its policy at version 1
        require(bob.send("PUT", "/namespaces/" + DECISIONS_OF_B, null, Map.of()), 201);
        require(bob.send("POST", "/namespaces/" + DECISIONS_OF_B + "/executions", ExecutionApiTest.SUPPLIER_MODEL,
                Map.of()), 201);
        require(bob.send("PUT", "/governance/policy", POLICY_OF_B, Map.of()), 200);
        policyViewOfB = require(bob.send("GET", "/governance/policy", null, Map.of()), 200).body();
        registrationOfB = require(bob.send("GET", "/audit?actor=ops&actorType=PLATFORM_OPERATOR&action=tenant.register&limit=100", null, Map.of()),
                200).body();
        setUpRequestsOfB = requestsOfB.size();
        // ... a third tenant C with data of its own, and one request id of A's (A has never stored anything)
        createDataOfC();
        placeholders.put(REQUEST_ID_OF_A, require(alice.send("GET", "/me", null, Map.of()), 200).json()
                .get("requestId").asText());
        // ... in the first pass A's execution ids and ETags are ids that were never issued
        placeholders.put(EXECUTION_1, "01KA0000000000000000000001");
        placeholders.put(EXECUTION_2, "01KA0000000000000000000002");
        placeholders.put(ETAG_OF_ORD_1, "01KA00000000000000000000E1");
        placeholders.put(ETAG_OF_SECRET_1, "01KA00000000000000000000E2");

        // WHEN B makes every attempt while A holds nothing ...
        partitionsOfABeforeFirstPass = partitionsOfA();
        partitionsOfCBefore = partitionsOfC();
        auditOfCBefore = auditPartition(tenantC);
        List<Attempt> naming = Stream.of(attemptsNamingAsResources(), attemptsOnMe(), attemptsOnExecutions(),
                attemptsOnPolicy(), attemptsOnAudit()).flatMap(List::stream).toList();
        naming.forEach(attempt -> whileAHeldNothing.add(attempt.make(placeholders)));
        // ... (A's cursors exist only once A has records: A reads them, then deletes everything again)
        createDataOfA(false);
        cursorsOfA = readCursorsOfA();
        placeholders.put(AUDIT_CURSOR, cursorOf(require(alice.send("GET", "/audit?limit=1", null, Map.of()), 200)));
        deleteDataOfA();
        List<Attempt> withCursors = attemptsWithCursorsOfA(cursorsOfA);
        withCursors.forEach(attempt -> whileAHeldNothing.add(attempt.make(placeholders)));
        partitionsOfAAfterFirstPass = partitionsOfA();
        attempts = Stream.concat(naming.stream(), withCursors.stream()).toList();

        // ... and again, in the same order, while A holds its data (now with its policy and executions too)
        createDataOfA(true);
        dataOfAThroughApiBefore = dataOfAThroughApi();
        partitionsOfABefore = partitionsOfA();
        auditOfABefore = auditPartition(tenantA);
        attempts.forEach(attempt -> whileAHeldData.add(attempt.make(placeholders)));
        auditOfAAfter = auditPartition(tenantA);
        partitionsOfAAfter = partitionsOfA();
        dataOfAThroughApiAfter = dataOfAThroughApi();
        partitionsOfCAfter = partitionsOfC();
        auditOfCAfter = auditPartition(tenantC);

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
                by(otto).get("/namespaces").is(200, NAMESPACES_OF_B),
                by(bob).get("/namespaces").header("X-Amz-Tenant-Id", a).fails(403, TENANT_MISMATCH), // the event keeps the client header
                by(bob).get("/namespaces?tenantId=" + a).fails(403, TENANT_MISMATCH),
                by(vic).get("/namespaces?tenant=" + a).fails(403, TENANT_MISMATCH),
                by(bob).get("/namespaces").header("X-Tenant-Id", a).fails(403, TENANT_MISMATCH),

                // GET /namespaces/{ns}/records: B's own empty "orders"; no "a-private" at all
                by(bob).get("/namespaces/orders/records").is(200, EMPTY_PAGE),
                by(bob).get("/namespaces/orders/records?limit=2").is(200, EMPTY_PAGE),
                by(vic).get("/namespaces/orders/records?limit=2").is(200, EMPTY_PAGE),
                by(otto).get("/namespaces/orders/records?limit=2").is(200, EMPTY_PAGE),
                by(otto).get("/namespaces/a-private/records").fails(404, NOT_FOUND),
                by(bob).get("/namespaces/orders/records").header("X-Amz-Tenant-Id", a).fails(403, TENANT_MISMATCH),
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
                by(otto).get(secret1).fails(404, NOT_FOUND),
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
                by(bob).put(ord1, data).ifMatch(ETAG_OF_ORD_1).fails(412, PRECONDITION_FAILED), // A's real ETag
                by(otto).put(ord1, data).header("If-Match", "*").fails(412, PRECONDITION_FAILED),
                by(bob).put(secret1, data).fails(404, NOT_FOUND),
                by(bob).put(secret1, data).ifMatch("2").fails(404, NOT_FOUND),
                by(bob).put(secret1, data).ifMatch(ETAG_OF_SECRET_1).fails(404, NOT_FOUND),
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
                by(bob).delete(ord1).ifMatch(ETAG_OF_ORD_1).fails(404, NOT_FOUND),
                by(otto).delete(secret1).ifMatch("2").fails(404, NOT_FOUND),
                by(otto).delete(secret1).header("If-Match", "*").fails(404, NOT_FOUND),
                by(vic).delete(ord1).ifMatch("2").fails(403, FORBIDDEN),
                by(bob).delete(ord1 + "?tenantId=" + a).fails(403, TENANT_MISMATCH),
                by(bob).delete(secret1).header("X-Tenant-Id", a).fails(403, TENANT_MISMATCH),

                // B's own record under A's id: B's version 1 with B's data, never A's version 2, and B's own ETag
                // (A's does not match it); then removed
                by(bob).put(ord1, DATA_OF_B).is(201, recordOfB(1)),
                by(bob).get(ord1).is(200, recordOfB(1)),
                by(bob).put(ord1, DATA_OF_B).ifMatch("2").fails(412, PRECONDITION_FAILED),
                by(bob).put(ord1, DATA_OF_B).ifMatch(ETAG_OF_ORD_1).fails(412, PRECONDITION_FAILED),
                by(bob).delete(ord1).ifMatch(ETAG_OF_ORD_1).fails(412, PRECONDITION_FAILED),
                by(bob).delete(ord1).header("If-Match", "*").is(204, null),

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

    /** GET /me: every role sees its own tenant, whatever it names. */
    private List<Attempt> attemptsOnMe() {
        String a = tenantA;
        List<Attempt> list = new ArrayList<>();
        for (Caller caller : List.of(vic, otto, bob)) {
            list.add(by(caller).get("/me").is(200, meOf(caller)));
            list.add(by(caller).get("/me").header("X-Amz-Tenant-Id", a).fails(403, TENANT_MISMATCH));
        }
        list.add(by(bob).get("/me?tenantId=" + a).fails(403, TENANT_MISMATCH));
        list.add(by(vic).get("/me").header("X-Tenant-Id", a).fails(403, TENANT_MISMATCH));
        list.add(by(otto).get("/me?tenant=" + a).fails(403, TENANT_MISMATCH));
        list.add(by(bob).request("GET", "/me", "{\"tenantId\":\"" + a + "\"}").fails(403, TENANT_MISMATCH));
        return list;
    }

    /** Executions: A's namespace names and A's execution ids, for every role. */
    private List<Attempt> attemptsOnExecutions() {
        String a = tenantA;
        String model = ExecutionApiTest.SUPPLIER_MODEL;
        String modelNamingA = model.replaceFirst("\\{", "{\"tenantId\":\"" + a + "\",");
        List<Attempt> list = new ArrayList<>();
        for (Caller caller : List.of(vic, otto, bob)) {
            boolean writer = caller != vic;
            // POST into A's namespace: B has none of that name; a viewer may not run executions at all
            list.add(writer ? by(caller).post("/namespaces/a-decisions/executions", model).fails(404, NOT_FOUND)
                    : by(caller).post("/namespaces/a-decisions/executions", model).fails(403, FORBIDDEN));
            // GET A's executions by id, in A's namespace name, in B's own namespaces, and by A's sort key
            list.add(by(caller).get(execution(DECISIONS_OF_A, EXECUTION_1)).fails(404, NOT_FOUND));
            list.add(by(caller).get(execution(DECISIONS_OF_B, EXECUTION_1)).fails(404, NOT_FOUND));
            list.add(by(caller).get(execution(ORDERS, EXECUTION_2)).fails(404, NOT_FOUND));
            list.add(by(caller).get(execution(DECISIONS_OF_A, EXECUTION_2)).header("X-Amz-Tenant-Id", a)
                    .fails(403, TENANT_MISMATCH));
            // listing and reviewing: A's namespace does not exist for B, A's ids not in B's own namespace
            list.add(by(caller).get("/namespaces/a-decisions/executions").fails(404, NOT_FOUND));
            list.add(by(caller).get("/namespaces/b-decisions/executions?status=ESCALATE").is(200, EMPTY_PAGE));
            list.add(by(caller).post(execution(DECISIONS_OF_A, EXECUTION_1) + "/reviews", REVIEW)
                    .fails(404, NOT_FOUND));
            list.add(by(caller).post(execution(DECISIONS_OF_B, EXECUTION_2) + "/reviews", REVIEW)
                    .fails(404, NOT_FOUND));
        }
        list.add(by(bob).post(execution(DECISIONS_OF_A, EXECUTION_1) + "/reviews?tenantId=" + a, REVIEW)
                .fails(403, TENANT_MISMATCH));
        list.add(by(bob).post("/namespaces/" + a + "%23a-decisions/executions", model).fails(400, INVALID_REQUEST));
        list.add(by(otto).post("/namespaces/b-decisions/executions", modelNamingA).fails(403, TENANT_MISMATCH));
        list.add(by(vic).post("/namespaces/b-decisions/executions", modelNamingA).fails(403, TENANT_MISMATCH));
        list.add(by(bob).post("/namespaces/b-decisions/executions?tenantId=" + a, model).fails(403, TENANT_MISMATCH));
        list.add(by(bob).post("/namespaces/a-decisions/executions", model).header("X-Tenant-Id", a)
                .fails(403, TENANT_MISMATCH));
        // B's own execution, naming A in X-Amz-Tenant-Id: the event keeps the client's header, so it fails
        list.add(by(otto).post("/namespaces/b-decisions/executions", model).header("X-Amz-Tenant-Id", a)
                .fails(403, TENANT_MISMATCH));
        list.add(by(bob).get("/namespaces/" + a + "%23a-decisions/executions/" + EXECUTION_1)
                .fails(400, INVALID_REQUEST));
        list.add(by(bob).get(execution(DECISIONS_OF_A, "EXE%23" + EXECUTION_1)).fails(400, INVALID_REQUEST));
        list.add(by(vic).get(execution(DECISIONS_OF_A, EXECUTION_1) + "?tenantId=" + a).fails(403, TENANT_MISMATCH));
        list.add(by(otto).get(execution(DECISIONS_OF_A, EXECUTION_2)).header("X-Tenant-Id", a)
                .fails(403, TENANT_MISMATCH));
        return list;
    }

    /** The policy: B reads and changes only its own, whatever version or tenant it names. */
    private List<Attempt> attemptsOnPolicy() {
        String a = tenantA;
        String stricter = "{\"maxNamespaces\":5}";
        List<Attempt> list = new ArrayList<>();
        for (Caller caller : List.of(vic, otto, bob)) {
            list.add(by(caller).get("/governance/policy").is(200, policyViewOfB));
            list.add(by(caller).get("/governance/policy").header("X-Amz-Tenant-Id", a).fails(403, TENANT_MISMATCH));
            list.add(caller == bob
                    ? by(caller).put("/governance/policy", stricter).ifMatch("3").fails(412, PRECONDITION_FAILED)
                    : by(caller).put("/governance/policy", stricter).ifMatch("3").fails(403, FORBIDDEN));
        }
        list.add(by(bob).put("/governance/policy", stricter).ifMatch("2").fails(412, PRECONDITION_FAILED));
        list.add(by(bob).put("/governance/policy", stricter).ifMatch("3").header("X-Amz-Tenant-Id", a)
                .fails(403, TENANT_MISMATCH));
        list.add(by(bob).put("/governance/policy", "{\"maxNamespaces\":5000}").ifMatch("3")
                .fails(422, "POLICY_LOOSENS_INVARIANT"));
        list.add(by(bob).put("/governance/policy", "{\"maxNamespaces\":5,\"tenantId\":\"" + a + "\"}")
                .fails(403, TENANT_MISMATCH));
        list.add(by(bob).put("/governance/policy?tenantId=" + a, stricter).ifMatch("3").fails(403, TENANT_MISMATCH));
        list.add(by(bob).put("/governance/policy", stricter).header("X-Tenant-Id", a).fails(403, TENANT_MISMATCH));
        list.add(by(vic).get("/governance/policy?tenant=" + a).fails(403, TENANT_MISMATCH));
        list.add(by(otto).get("/governance/policy").header("X-Tenant-Id", a).fails(403, TENANT_MISMATCH));
        list.add(by(bob).request("GET", "/governance/policy", "{\"tenant_id\":\"" + a + "\"}")
                .fails(403, TENANT_MISMATCH));
        return list;
    }

    /** The audit trail: filters naming A's actors and request ids find nothing; naming A's tenant is refused. */
    private List<Attempt> attemptsOnAudit() {
        String a = tenantA;
        List<Attempt> list = new ArrayList<>();
        for (Caller caller : List.of(vic, otto, bob)) {
            if (caller == vic) {
                list.add(by(caller).get("/audit?actor=alice-of-a").fails(403, FORBIDDEN)); // no audit.query
                continue;
            }
            // (limit=100: a filtered page reads at most 10 x limit events of B's partition, which grows with every
            // attempt; with fewer, a page can be empty with a nextCursor, and then differ between the passes)
            list.add(by(caller).get("/audit?actor=alice-of-a&limit=100").is(200, EMPTY_PAGE));
            list.add(by(caller).get("/audit?actor=alice-of-a&action=record.put&decision=ALLOW&limit=100")
                    .is(200, EMPTY_PAGE));
            list.add(by(caller).get("/audit?limit=100&actor=" + REQUEST_ID_OF_A).is(200, EMPTY_PAGE));
            list.add(by(caller).get("/audit?actor=ops&actorType=PLATFORM_OPERATOR&action=tenant.register&limit=100")
                    .is(200, registrationOfB));
        }
        list.add(by(bob).get("/audit?actor=alice-of-a&decision=DENY&limit=100").is(200, EMPTY_PAGE));
        list.add(by(bob).get("/audit?actor=ops&actorType=PLATFORM_OPERATOR&action=tenant.register&limit=100")
                .header("X-Amz-Tenant-Id", a).fails(403, TENANT_MISMATCH));
        list.add(by(bob).get("/audit?actor=alice-of-a&limit=100").header("X-Amz-Tenant-Id", a)
                .fails(403, TENANT_MISMATCH));
        list.add(by(bob).get("/audit?tenantId=" + a).fails(403, TENANT_MISMATCH));
        list.add(by(otto).get("/audit?actor=alice-of-a&tenant=" + a).fails(403, TENANT_MISMATCH));
        list.add(by(bob).get("/audit?actor=alice-of-a").header("X-Tenant-Id", a).fails(403, TENANT_MISMATCH));
        list.add(by(vic).get("/audit?tenantId=" + a).fails(403, TENANT_MISMATCH));
        // the digests and the signing key: B's own only (it has none yet), never A's by any name of A
        for (Caller caller : List.of(otto, bob)) {
            list.add(by(caller).get("/audit/digests?limit=100").is(200, EMPTY_PAGE));
            list.add(by(caller).get("/audit/signing-key").fails(404, NOT_FOUND));
        }
        list.add(by(vic).get("/audit/digests?limit=100").fails(403, FORBIDDEN));
        list.add(by(vic).get("/audit/signing-key").fails(403, FORBIDDEN));
        list.add(by(bob).get("/audit/digests?tenantId=" + a).fails(403, TENANT_MISMATCH));
        list.add(by(bob).get("/audit/digests").header("X-Amz-Tenant-Id", a).fails(403, TENANT_MISMATCH));
        list.add(by(otto).get("/audit/signing-key?tenant=" + a).fails(403, TENANT_MISMATCH));
        return list;
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
                by(otto).get("/namespaces/orders/records?cursor=" + cursors.orders()).fails(400, INVALID_REQUEST),
                by(bob).get("/namespaces/orders/records?cursor=" + cursors.orders() + "&tenantId=" + a)
                        .fails(403, TENANT_MISMATCH),
                // A's audit cursor, with the filters A used and with others
                by(bob).get("/audit?limit=1&cursor=" + AUDIT_CURSOR).fails(400, INVALID_REQUEST),
                by(otto).get("/audit?cursor=" + AUDIT_CURSOR).fails(400, INVALID_REQUEST),
                by(bob).get("/audit?limit=1&actor=alice-of-a&cursor=" + AUDIT_CURSOR).fails(400, INVALID_REQUEST),
                by(bob).get("/audit?limit=1&cursor=" + AUDIT_CURSOR).header("X-Amz-Tenant-Id", a)
                        .fails(403, TENANT_MISMATCH),
                by(vic).get("/audit?limit=1&cursor=" + AUDIT_CURSOR).fails(400, INVALID_REQUEST), // cursor first
                // and cursors used on the other listing: A's records cursor on the audit trail, A's audit cursor
                // on B's records
                by(bob).get("/audit?limit=2&cursor=" + cursors.orders()).fails(400, INVALID_REQUEST),
                by(bob).get("/namespaces/orders/records?limit=1&cursor=" + AUDIT_CURSOR).fails(400, INVALID_REQUEST),
                by(bob).get("/audit/digests?limit=1&cursor=" + AUDIT_CURSOR).fails(400, INVALID_REQUEST));
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
                    .doesNotContain("secret-2", "ord-3")
                    .doesNotContain("\"maxNamespaces\":33");
        }
    }

    @Test
    void everyETagBGot_shouldNameTheAuditEventOfAWriteOfBsOwn_inBsOwnPartition() {
        Map<String, Map<String, AttributeValue>> eventById = new LinkedHashMap<>();
        auditOfBAtEnd.forEach(event -> eventById.put(event.get("eventId").s(), event));
        Set<String> requestIdsOfB = requestsOfBInScenario.stream().map(Sent::requestId).collect(Collectors.toSet());
        List<Answer> answers = Stream.concat(whileAHeldNothing.stream(), whileAHeldData.stream()).toList();

        assertThat(answers).filteredOn(answer -> answer.etag() != null).isNotEmpty().allSatisfy(answer -> {
            Map<String, AttributeValue> event = eventById.get(answer.etag().replace("\"", ""));
            assertThat(event).as("the event %s names, in B's partition", answer.etag()).isNotNull();
            assertThat(event.get("action").s()).isEqualTo("record.put");
            assertThat(event.get("decision").s()).isEqualTo("ALLOW");
            assertThat(event.get("requestId").s()).isIn(requestIdsOfB);
        });
        assertThat(answers).allSatisfy(answer -> assertThat(answer.rawBody() + answer.etag())
                .doesNotContain(placeholders.get(ETAG_OF_ORD_1), placeholders.get(ETAG_OF_SECRET_1)));
    }

    @Test
    void noAnswerToB_shouldContainAnythingOfTheBystanderC() {
        for (int i = 0; i < attempts.size(); i++) {
            assertThat(whileAHeldNothing.get(i).rawBody() + whileAHeldData.get(i).rawBody())
                    .as(attempts.get(i).toString()).doesNotContain(secretOfC).doesNotContain(tenantC);
        }
    }

    @Test
    void theBystanderCsPartitionsAndAudit_shouldBeUnchangedByEveryAttemptOfB() {
        assertThat(partitionsOfCBefore.get(tenantC + "#" + ORDERS)).hasSize(ORDER_IDS.size() + 1);

        assertThat(partitionsOfCAfter).isEqualTo(partitionsOfCBefore);
        assertThat(auditOfCAfter).isEqualTo(auditOfCBefore);
    }

    @Test
    void asPolicyAndExecutions_shouldBeInItsPartitions_andUnchangedByTheAttemptsOfB() {
        assertThat(partitionsOfABefore.get(tenantA)).anySatisfy(item -> {
            assertThat(item.get("sk").s()).isEqualTo("POLICY");
            assertThat(item.get("version").n()).isEqualTo("3");
        });
        assertThat(partitionsOfABefore.get(tenantA + "#" + DECISIONS_OF_A)).hasSize(2);

        assertThat(partitionsOfAAfter.get(tenantA)).isEqualTo(partitionsOfABefore.get(tenantA));
        assertThat(partitionsOfAAfter.get(tenantA + "#" + DECISIONS_OF_A))
                .isEqualTo(partitionsOfABefore.get(tenantA + "#" + DECISIONS_OF_A));
    }

    @Test
    void everyTenantRoute_shouldBeAttempted_byEveryRole() {
        Map<String, Set<String>> rolesByRoute = new TreeMap<>();
        attempts.forEach(attempt -> rolesByRoute.computeIfAbsent(routeOf(attempt), k -> new TreeSet<>())
                .add(attempt.caller().role));

        assertThat(rolesByRoute).hasSize(17);
        rolesByRoute.forEach((route, roles) -> assertThat(roles).as(route)
                .containsExactlyInAnyOrder("viewer", "operator", "admin"));
    }

    @Test
    void everyAttemptOfBRefusedWith403_shouldBeAuditedAsADenial_inBsOwnPartition() {
        Map<String, Map<String, AttributeValue>> eventByRequest = new LinkedHashMap<>();
        auditOfBAtEnd.forEach(event -> eventByRequest.put(event.get("requestId").s(), event));
        List<Answer> answers = Stream.concat(whileAHeldNothing.stream(), whileAHeldData.stream()).toList();

        assertThat(answers).filteredOn(answer -> answer.status() == 403).isNotEmpty().allSatisfy(answer -> {
            Map<String, AttributeValue> event = eventByRequest.get(answer.requestId());
            assertThat(event).as("the audit event of %s", answer.requestId()).isNotNull();
            assertThat(event.get("decision").s()).as(answer.requestId()).isEqualTo("DENY");
        });
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
        // once A created and deleted its data, all it keeps is the record that it holds no namespace: no slot taken
        assertThat(partitionsOfAAfterFirstPass).allSatisfy((partition, items) -> assertThat(items).as(partition)
                .allSatisfy(item -> {
                    assertThat(item.get("sk").s()).isEqualTo("NAMESPACES");
                    assertThat(item.get("slots").m()).isEmpty();
                }));
    }

    // ---------------------------------------------------------------------------------------------------------- (c)

    @Test
    void everyRequestOfB_shouldHaveExactlyOneAuditEvent_inBsOwnPartition() {
        List<String> sent = requestsOfBInScenario.stream().map(Sent::requestId).toList();
        List<String> audited = auditOfBAtEnd.stream().map(event -> event.get("requestId").s()).toList();

        // B's set-up requests, and every attempt made twice
        assertThat(sent).hasSize(setUpRequestsOfB + 2 * attempts.size()).doesNotContainNull().doesNotHaveDuplicates();
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

    // ------------------------------------------------------------------------------------------------- report

    /** The route template an attempt reaches, e.g. "GET /namespaces/{ns}/records/{id}", as the gateway matches it. */
    private String routeOf(Attempt attempt) {
        String path = Attempt.resolve(attempt.path(), placeholders);
        int query = path.indexOf('?');
        LocalGateway.RouteMatch match = LocalGateway.RouteMatch.find(attempt.method(),
                query < 0 ? path : path.substring(0, query));
        return match == null ? attempt.method() + " (no route)" : attempt.method() + " " + match.route().resourcePath();
    }

    /** Whether everything the matrix demands of one attempt held: both answers as documented, equal, nothing leaked. */
    private boolean cellPassed(int i) {
        Attempt attempt = attempts.get(i);
        return attempt.expected().holds(whileAHeldNothing.get(i)) && attempt.expected().holds(whileAHeldData.get(i))
                && whileAHeldData.get(i).comparable().equals(whileAHeldNothing.get(i).comparable())
                && !whileAHeldData.get(i).rawBody().contains(secretOfA)
                && !(whileAHeldNothing.get(i).rawBody() + whileAHeldData.get(i).rawBody()).contains(secretOfC);
    }

    @AfterAll
    void writeTheMatrix() {
        if (attempts == null || whileAHeldData.size() != attempts.size()) {
            return;
        }
        List<Integer> order = IntStream.range(0, attempts.size()).boxed()
                .sorted(java.util.Comparator.comparing(i -> ROUTE_ORDER.indexOf(routeOf(attempts.get(i))))).toList();
        long passed = IntStream.range(0, attempts.size()).filter(this::cellPassed).count();
        long routes = attempts.stream().map(this::routeOf).distinct().count();
        long roles = attempts.stream().map(attempt -> attempt.caller().role).distinct().count();
        long refused = whileAHeldData.stream().filter(answer -> answer.status() >= 400).count();
        StringBuilder md = new StringBuilder();
        md.append("Written by `CrossTenantIsolationTest`. Three tenants hold data: A (the victim: namespaces, records at ")
                .append("versions 1 and 2, two executions, its policy at version 3), B (the attacker, with data of its ")
                .append("own) and C (a bystander). B's viewer, operator and admin make **").append(attempts.size())
                .append(" attempts** on **").append(routes).append(" routes** (").append(roles).append(" roles), each ")
                .append("naming A's resources one way: A's namespace names, record ids, record versions and ETags in ")
                .append("`If-Match`, record and audit cursors, execution ids, policy versions, A's actors and request ")
                .append("ids as audit ")
                .append("filters, A's tenant id in a header, a query parameter or a body field, and A's partition ")
                .append("and sort keys as ids. Each attempt is made twice: while A holds nothing (A's execution ids ")
                .append("and ETags then being ids never issued) and while A holds its data; the two answers must be ")
                .append("identical (request ids and B's own timestamps, execution ids and ETags masked), so B cannot ")
                .append("tell whether A exists. **").append(passed).append(" of ").append(attempts.size())
                .append(" cells passed**: ")
                .append("the documented answer in both passes, the same answer in both, and neither A's nor C's data ")
                .append("in any answer. Afterwards A's and C's partitions (read with Query) and audit partitions are ")
                .append("unchanged, every one of B's ").append(setUpRequestsOfB + 2 * attempts.size())
                .append(" requests has exactly one event in B's own partition (").append(refused * 2)
                .append(" of them refused, every 403 as a DENY) and none in A's or C's. Observed is the answer while ")
                .append("A holds data. `{A}` and `{B}` stand for the tenants' ids.\n\n");
        md.append("| route | attempt | expected | observed |\n|---|---|---|---|\n");
        for (int i : order) {
            Attempt attempt = attempts.get(i);
            Answer answer = whileAHeldData.get(i);
            String observed = answer.status() + (answer.status() >= 400 ? " " + answer.body().at("/error/code").asText()
                    : "");
            md.append("| `").append(routeOf(attempt)).append("` | ")
                    .append(attempt.caller()).append(" ").append(cell(attemptText(attempt))).append(" | ")
                    .append(attempt.expected().describe()).append(" | ")
                    .append(observed).append(cellPassed(i) ? "" : " **FAILED**").append(" |\n");
        }
        IsolationReport.section("attack-matrix", md.toString());
    }

    private static final List<String> ROUTE_ORDER = List.of("GET /me", "GET /namespaces", "PUT /namespaces/{ns}",
            "DELETE /namespaces/{ns}", "GET /namespaces/{ns}/records", "PUT /namespaces/{ns}/records/{id}",
            "GET /namespaces/{ns}/records/{id}", "DELETE /namespaces/{ns}/records/{id}",
            "POST /namespaces/{ns}/executions", "GET /namespaces/{ns}/executions/{id}", "GET /governance/policy",
            "PUT /governance/policy", "GET /audit");

    /** The attempt without its caller: the request, headers and body, with tenant ids and secrets as placeholders. */
    private String attemptText(Attempt attempt) {
        String label = attempt.label();
        return label.substring(label.indexOf(' ') + 1);
    }

    private static String cell(String text) {
        String shortened = text.length() <= 200 ? text : text.substring(0, 200) + "...";
        return "`" + shortened.replace("|", "\\|").replace("`", "'") + "`";
    }

    // ------------------------------------------------------------------------------------------------- A's data

    private static String record(String namespace, String id) {
        return "/namespaces/" + namespace + "/records/" + id;
    }

    private String dataOfARecord(String id) {
        return "{\"item\":\"" + id + "\",\"secret\":\"" + secretOfA + "\"}";
    }

    /**
     * A's namespaces and records; one record of each namespace updated to version 2. With {@code everything}, also
     * A's policy at version 3 and two executions in "a-decisions" (neither can be deleted again), whose ids then
     * replace the never-issued ones the placeholders stood for.
     */
    private void createDataOfA(boolean everything) {
        if (everything) {
            for (int version = 1; version <= 3; version++) {
                require(alice.send("PUT", "/governance/policy", POLICY_OF_A, Map.of()), 200);
            }
            require(alice.send("PUT", "/namespaces/" + DECISIONS_OF_A, null, Map.of()), 201);
            for (String placeholder : List.of(EXECUTION_1, EXECUTION_2)) {
                placeholders.put(placeholder, require(alice.send("POST", "/namespaces/" + DECISIONS_OF_A
                        + "/executions", ExecutionApiTest.SUPPLIER_MODEL.replace("pick a supplier", secretOfA),
                        Map.of()), 201).json().get("executionId").asText());
            }
        }
        createRecordsOfA();
    }

    private void createRecordsOfA() {
        for (String namespace : List.of(ORDERS, PRIVATE)) {
            require(alice.send("PUT", "/namespaces/" + namespace, null, Map.of()), 201);
        }
        ORDER_IDS.forEach(id -> require(alice.send("PUT", record(ORDERS, id), dataOfARecord(id), Map.of()), 201));
        PRIVATE_IDS.forEach(id -> require(alice.send("PUT", record(PRIVATE, id), dataOfARecord(id), Map.of()), 201));
        for (String updated : List.of(record(ORDERS, "ord-1"), record(PRIVATE, "secret-1"))) {
            String etag = require(alice.send("GET", updated, null, Map.of()), 200).headers().get("etag").get(0);
            String current = require(alice.send("PUT", updated, dataOfARecord(updated.substring(
                    updated.lastIndexOf('/') + 1)), Map.of("If-Match", etag)), 200).headers().get("etag").get(0);
            // what B names as A's ETags from now on: A's real, current ones, without their quotes
            placeholders.put(updated.contains(ORDERS) ? ETAG_OF_ORD_1 : ETAG_OF_SECRET_1,
                    current.substring(1, current.length() - 1));
        }
    }

    /** C, the bystander: a namespace "orders" with records, and an execution, all carrying C's secret. */
    private void createDataOfC() {
        String admin = api.token(tenantC, "carol-of-c", "admin");
        require(api.send("PUT", "/namespaces/" + ORDERS, admin, null, Map.of()), 201);
        for (String id : ORDER_IDS) {
            require(api.send("PUT", record(ORDERS, id), admin, "{\"secret\":\"" + secretOfC + "\"}", Map.of()), 201);
        }
        require(api.send("POST", "/namespaces/" + ORDERS + "/executions", admin,
                ExecutionApiTest.SUPPLIER_MODEL.replace("pick a supplier", secretOfC), Map.of()), 201);
    }

    private Map<String, List<Map<String, AttributeValue>>> partitionsOfC() {
        return TenantPartitions.snapshot(stack.adminDynamoDb(), stack.tables().data(), tenantC, PRIVATE,
                DECISIONS_OF_A);
    }

    private static String cursorOf(ApiClient.Response page) {
        String cursor = page.json().path("nextCursor").asText(null);
        if (cursor == null) {
            throw new IllegalStateException("Set-up expected a nextCursor: " + page.body());
        }
        return cursor;
    }

    private static String execution(String namespace, String id) {
        return "/namespaces/" + namespace + "/executions/" + id;
    }

    /** What GET /me answers a member of B, without its request id (masked). */
    private String meOf(Caller caller) {
        return "{\"tenantId\":\"" + tenantB + "\",\"subject\":\"" + caller.subject + "\",\"roles\":[\""
                + caller.role + "\"]}";
    }

    /** B's own execution of the README's model in "b-decisions", with its id and time masked. */
    private static String executionOfB() {
        return "{\"executionId\":\"" + EXECUTION_ID + "\",\"namespace\":\"b-decisions\","
                + "\"objective\":\"pick a supplier for Q1\",\"riskPosture\":\"low\",\"status\":\"ALLOW\","
                + "\"reasons\":[\"WITHIN_BOUNDARY\"],\"result\":{\"ranking\":["
                + "{\"option\":\"A\",\"score\":0.540000,\"feasible\":true},"
                + "{\"option\":\"B\",\"score\":0.400000,\"feasible\":true},"
                + "{\"option\":\"C\",\"score\":0.600000,\"feasible\":false}]},\"createdAt\":\"" + TIMESTAMP + "\"}";
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
                tenantA + "#" + tenantA, tenantA + "#" + DECISIONS_OF_A, tenantA + "#" + DECISIONS_OF_B)) {
            partitions.put(partition, TenantPartitions.query(stack.adminDynamoDb(), stack.tables().data(), partition));
        }
        return partitions;
    }

    /** The tenant's members' audit events: no ledger entries of the shipper, no platform operators' events. */
    private List<Map<String, AttributeValue>> auditPartition(String tenant) {
        return AuditItems.memberEvents(stack.adminDynamoDb(), stack.tables().audit(), tenant);
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

        AttemptBuilder post(String path, String body) {
            return request("POST", path, body);
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
            return label.replace(ExecutionApiTest.SUPPLIER_MODEL.substring(1), "...the README's decision model}")
                    .replace(tenantA, "{A}").replace(tenantB, "{B}");
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

        Answer make(Map<String, String> placeholders) {
            Map<String, String> resolvedHeaders = new LinkedHashMap<>();
            headers.forEach((name, value) -> resolvedHeaders.put(name, resolve(value, placeholders)));
            ApiClient.Response response = caller.send(method, resolve(path, placeholders),
                    body == null ? null : resolve(body, placeholders), resolvedHeaders);
            String raw = response.body() == null ? "" : response.body();
            String answered = raw;
            for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
                answered = answered.replace(placeholder.getValue(), placeholder.getKey());
            }
            return new Answer(response.status(), response.headers().entrySet().stream()
                    .filter(header -> header.getKey().equalsIgnoreCase("ETag"))
                    .map(header -> header.getValue().get(0)).findFirst().orElse(null),
                    answered.isEmpty() ? MissingNode.getInstance() : parseLeniently(answered), raw,
                    requestIdOf(response));
        }

        private static String resolve(String text, Map<String, String> placeholders) {
            String resolved = text;
            for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
                resolved = resolved.replace(placeholder.getKey(), placeholder.getValue());
            }
            return resolved;
        }

        private static JsonNode parseLeniently(String text) {
            try {
                return new ObjectMapper().readTree(text);
            } catch (IOException notJson) {
                return MissingNode.getInstance();
            }
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The documented answer: a status, and either an error code or the whole (masked) body. */
    private record Expected(int status, String errorCode, JsonNode body) {

        boolean holds(Answer answer) {
            return answer.status() == status && (errorCode != null
                    ? answer.body().at("/error/code").asText().equals(errorCode)
                    : masked(answer.body()).equals(body));
        }

        String describe() {
            if (errorCode != null) {
                return status + " " + errorCode;
            }
            if (body.isMissingNode()) {
                return status + " (no body)";
            }
            return status + " " + summary(body);
        }

        private static String summary(JsonNode body) {
            if (body.has("items")) {
                return body.get("items").isEmpty() ? "empty page" : "B's own " + body.get("items").size()
                        + (body.get("items").size() == 1 ? " item" : " items");
            }
            if (body.has("subject")) {
                return "B's own context";
            }
            if (body.has("effective")) {
                return "B's own policy, version " + body.get("version").asText();
            }
            if (body.has("executionId")) {
                return "B's own execution";
            }
            if (body.has("data")) {
                return "B's own record, version " + body.get("version").asText();
            }
            if (body.has("namespace")) {
                return "B's own namespace";
            }
            return "as documented";
        }

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

        /**
         * Everything that must be the same whether or not A holds data: the request id, B's timestamps and the ETags
         * of B's own writes (ids of B's events, checked to be that) masked.
         */
        Comparable comparable() {
            return new Comparable(status, etag != null && etag.matches("\"[0-9A-HJKMNP-TV-Z]{26}\"") ? OWN_ETAG : etag,
                    masked(body));
        }
    }

    private record Comparable(int status, String etag, JsonNode body) {
    }

    private static JsonNode masked(JsonNode body) {
        JsonNode copy = body.deepCopy();
        if (copy.path("error").isObject()) {
            ((ObjectNode) copy.get("error")).remove("requestId");
        }
        if (copy instanceof ObjectNode object && object.has("tenantId") && object.has("subject")) {
            object.remove("requestId"); // GET /me
        }
        if (copy instanceof ObjectNode object && object.path("executionId").isTextual()) {
            object.put("executionId", EXECUTION_ID);
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
