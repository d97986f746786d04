package com.execalc.local;

import com.execalc.local.AttackDsl.Answer;
import com.execalc.local.AttackDsl.Attempt;
import com.execalc.local.AttackDsl.Member;
import com.execalc.local.AttackDsl.Placeholders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
 * The cross-tenant attack matrix: tenant B tries every tenant route and verb, as viewer, operator and admin, with every
 * way it could name tenant A's resources (A's namespace names, record ids, record cursors, record versions and ETags,
 * A's execution ids, A's policy versions, A's audit cursors, A's actors and request ids as audit filters, and A's
 * tenant id in a header, a query parameter or a body field) and learns nothing, changes nothing of A's and is
 * audited in its own partition only. A third tenant C holds data too and is never touched. The attempts are data, {@link AttackMatrix},
 * written in {@link AttackDsl}; the table of every attempt is written to
 * {@code local/target/isolation/attack-matrix.md}, which docs/ISOLATION.md quotes.
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
 * still be the same: an id of A's is indistinguishable from one that does not exist. These placeholders (and A's audit
 * cursor and request id) are put back into the answers before they are compared.
 *
 * <p>B holds data of its own as well (a namespace "b-decisions" with an execution, its policy at version 1), so that
 * B's own answers are not trivially empty; B's audit queries use filters whose answers do not grow with B's own
 * requests (A's actors, A's request ids, B's registration event), so that they too can be compared across passes.
 *
 * <p>B's state is the same at the start of both passes: every attempt that legitimately creates something of B's own
 * (B's record "ord-1", B's namespace "a-private", B's "orders" deleted and made again) is followed, inside the same
 * pass, by the attempt that removes or restores it. So each attempt meets the same B in both passes, and its response
 * can be compared in full (status, error code, ETag, body) rather than by status only; only the request id, the
 * timestamps of B's own writes ({@code createdAt}, {@code updatedAt}) and the ETags of B's own writes (ids of B's
 * audit events, checked to be that) necessarily differ, and are masked. Masking them
 * cannot hide a leak: an answer that carried anything of A's would differ in its other fields, since A held nothing in
 * the first pass.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossTenantIsolationTest {

    private static final List<String> ORDER_IDS = List.of("ord-1", "ord-2", "ord-3", "ord-4", "ord-5");
    private static final List<String> PRIVATE_IDS = List.of("secret-1", "secret-2", "secret-3");
    private static final String POLICY_OF_B = "{\"maxNamespaces\":77}";
    private static final String POLICY_OF_A = "{\"maxNamespaces\":33,\"recordDeletion\":false}";

    private final LocalCloud stack;
    private final ApiClient api;
    private final ObjectMapper json = new ObjectMapper();
    private final String tenantA = ApiClient.uniqueTenant("iso-a");
    private final String tenantB = ApiClient.uniqueTenant("iso-b");
    private final String tenantC = ApiClient.uniqueTenant("iso-c");
    /** In every record and execution of A: if it appears in any answer to B, A's data leaked. */
    private final String secretOfA = "secret-of-a-" + UUID.randomUUID();
    /** In every record and execution of C, the bystander. */
    private final String secretOfC = "secret-of-c-" + UUID.randomUUID();
    /** What the matrix's placeholders stand for in the current pass. */
    private final Placeholders placeholders = new Placeholders();
    private int setUpRequestsOfB;
    private Map<String, List<Map<String, AttributeValue>>> partitionsOfCBefore;
    private Map<String, List<Map<String, AttributeValue>>> partitionsOfCAfter;
    private List<Map<String, AttributeValue>> auditOfCBefore;
    private List<Map<String, AttributeValue>> auditOfCAfter;

    private final List<Sent> requestsOfA = new ArrayList<>();
    private final List<Sent> requestsOfB = new ArrayList<>();
    private Caller alice;
    private final Map<Member, Caller> membersOfB = new LinkedHashMap<>();
    private String ordersCursorOfA;

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

    CrossTenantIsolationTest(LocalCloud stack, OpenApiContract contract) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri(), contract);
    }

    @BeforeAll
    void runTheScenario() {
        // GIVEN two tenants; B has its own (empty) namespace "orders"
        api.registerTenant(tenantA);
        api.registerTenant(tenantB);
        api.registerTenant(tenantC);
        placeholders.define(AttackMatrix.A, tenantA).define(AttackMatrix.B, tenantB);
        alice = new Caller("alice-of-a", api.token(tenantA, "alice-of-a", "admin"), requestsOfA);
        for (Member member : AttackMatrix.MEMBERS_OF_B) {
            membersOfB.put(member, new Caller(member.subject(), api.token(tenantB, member.subject(), member.role()),
                    requestsOfB));
        }
        Caller bob = membersOfB.get(AttackMatrix.BOB);
        require(bob.send("PUT", "/namespaces/" + AttackMatrix.ORDERS, null, Map.of()), 201);
        // ... B's own data: a namespace with an execution, and its policy at version 1
        require(bob.send("PUT", "/namespaces/" + AttackMatrix.DECISIONS_OF_B, null, Map.of()), 201);
        require(bob.send("POST", "/namespaces/" + AttackMatrix.DECISIONS_OF_B + "/executions",
                ExecutionApiTest.SUPPLIER_MODEL, Map.of()), 201);
        require(bob.send("PUT", "/governance/policy", POLICY_OF_B, Map.of()), 200);
        placeholders.define(AttackMatrix.POLICY_OF_B,
                require(bob.send("GET", "/governance/policy", null, Map.of()), 200).body());
        placeholders.define(AttackMatrix.REGISTRATION_OF_B, require(bob.send("GET",
                "/audit?actor=ops&actorType=PLATFORM_OPERATOR&action=tenant.register&limit=100", null, Map.of()),
                200).body());
        setUpRequestsOfB = requestsOfB.size();
        // ... a third tenant C with data of its own, and one request id of A's (A has never stored anything)
        createDataOfC();
        placeholders.defineMasked(AttackMatrix.REQUEST_ID_OF_A, require(alice.send("GET", "/me", null, Map.of()), 200)
                .json().get("requestId").asText());
        // ... in the first pass A's execution ids and ETags are ids that were never issued
        placeholders.defineMasked(AttackMatrix.EXECUTION_1, "01KA0000000000000000000001");
        placeholders.defineMasked(AttackMatrix.EXECUTION_2, "01KA0000000000000000000002");
        placeholders.defineMasked(AttackMatrix.ETAG_OF_ORD_1, "01KA00000000000000000000E1");
        placeholders.defineMasked(AttackMatrix.ETAG_OF_SECRET_1, "01KA00000000000000000000E2");

        // WHEN B makes every attempt while A holds nothing ...
        partitionsOfABeforeFirstPass = partitionsOfA();
        partitionsOfCBefore = partitionsOfC();
        auditOfCBefore = auditPartition(tenantC);
        List<Attempt> naming = AttackMatrix.naming();
        naming.forEach(attempt -> whileAHeldNothing.add(make(attempt)));
        // ... (A's cursors exist only once A has records: A reads them, then deletes everything again)
        createDataOfA(false);
        ordersCursorOfA = firstPageCursor(AttackMatrix.ORDERS);
        placeholders.define(AttackMatrix.ORDERS_CURSOR, ordersCursorOfA);
        placeholders.define(AttackMatrix.PRIVATE_CURSOR, firstPageCursor(AttackMatrix.PRIVATE));
        placeholders.defineMasked(AttackMatrix.AUDIT_CURSOR,
                cursorOf(require(alice.send("GET", "/audit?limit=1", null, Map.of()), 200)));
        deleteDataOfA();
        List<Attempt> withCursors = AttackMatrix.withCursorsOfA();
        withCursors.forEach(attempt -> whileAHeldNothing.add(make(attempt)));
        partitionsOfAAfterFirstPass = partitionsOfA();
        attempts = Stream.concat(naming.stream(), withCursors.stream()).toList();

        // ... and again, in the same order, while A holds its data (now with its policy and executions too)
        createDataOfA(true);
        dataOfAThroughApiBefore = dataOfAThroughApi();
        partitionsOfABefore = partitionsOfA();
        auditOfABefore = auditPartition(tenantA);
        attempts.forEach(attempt -> whileAHeldData.add(make(attempt)));
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

    /** Makes one attempt as its member of B, with this pass's placeholders. */
    private Answer make(Attempt attempt) {
        ApiClient.Response response = membersOfB.get(attempt.member()).send(attempt.method(),
                attempt.pathIn(placeholders), attempt.bodyIn(placeholders), attempt.headersIn(placeholders));
        return Answer.of(response, placeholders);
    }

    // ---------------------------------------------------------------------------------------------------------- (a)

    @TestFactory
    Stream<DynamicTest> everyAttemptOfB_shouldGetItsDocumentedAnswer_whileAHoldsData() {
        return IntStream.range(0, attempts.size()).mapToObj(i -> DynamicTest.dynamicTest(attempts.get(i).toString(),
                () -> attempts.get(i).expected().verify(whileAHeldData.get(i), attempts.get(i).toString(),
                        placeholders)));
    }

    @TestFactory
    Stream<DynamicTest> everyAttemptOfB_shouldGetItsDocumentedAnswer_whileAHoldsNothing() {
        return IntStream.range(0, attempts.size()).mapToObj(i -> DynamicTest.dynamicTest(attempts.get(i).toString(),
                () -> attempts.get(i).expected().verify(whileAHeldNothing.get(i), attempts.get(i).toString(),
                        placeholders)));
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
                .doesNotContain(placeholders.resolve(AttackMatrix.ETAG_OF_ORD_1),
                        placeholders.resolve(AttackMatrix.ETAG_OF_SECRET_1)));
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
        assertThat(partitionsOfCBefore.get(tenantC + "#" + AttackMatrix.ORDERS)).hasSize(ORDER_IDS.size() + 1);

        assertThat(partitionsOfCAfter).isEqualTo(partitionsOfCBefore);
        assertThat(auditOfCAfter).isEqualTo(auditOfCBefore);
    }

    @Test
    void asPolicyAndExecutions_shouldBeInItsPartitions_andUnchangedByTheAttemptsOfB() {
        assertThat(partitionsOfABefore.get(tenantA)).anySatisfy(item -> {
            assertThat(item.get("sk").s()).isEqualTo("POLICY");
            assertThat(item.get("version").n()).isEqualTo("3");
        });
        assertThat(partitionsOfABefore.get(tenantA + "#" + AttackMatrix.DECISIONS_OF_A)).hasSize(2);

        assertThat(partitionsOfAAfter.get(tenantA)).isEqualTo(partitionsOfABefore.get(tenantA));
        assertThat(partitionsOfAAfter.get(tenantA + "#" + AttackMatrix.DECISIONS_OF_A))
                .isEqualTo(partitionsOfABefore.get(tenantA + "#" + AttackMatrix.DECISIONS_OF_A));
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
        ApiClient.Response forA = alice.send("GET", "/namespaces/orders/records?limit=2&cursor=" + ordersCursorOfA,
                null, Map.of());
        assertThat(forA.status()).isEqualTo(200);
        assertThat(forA.json().get("items")).extracting(item -> item.get("id").asText())
                .containsExactly("ord-3", "ord-4");

        // WHEN B uses it, THEN it is refused as a cursor, with no items
        ApiClient.Response forB = membersOfB.get(AttackMatrix.BOB).send("GET",
                "/namespaces/orders/records?limit=2&cursor=" + ordersCursorOfA, null, Map.of());
        assertThat(forB.status()).isEqualTo(400);
        assertThat(forB.errorCode()).isEqualTo(AttackMatrix.INVALID_REQUEST);
        assertThat(forB.json().has("items")).isFalse();
        assertThat(forB.body()).doesNotContain("ord-3").doesNotContain(secretOfA);
    }

    // Fails at 915264c for the seal's last character: CursorCodec.decode uses Base64's lenient decoder, which ignores
    // the unused low bits of a final character, so a different string decodes to the same payload and seal.
    @Test
    void aCursorWithOneCharacterChanged_shouldBe400_evenForTheTenantItWasIssuedTo() {
        // a cursor is <base64url payload>.<base64url seal>: change the first, a middle and the last character of each
        // part (the last one carries the unused bits of the base64 encoding), and the separator
        String cursor = ordersCursorOfA;
        int dot = cursor.indexOf('.');
        for (int position : new int[] {0, dot / 2, dot - 1, dot, dot + 1, (dot + cursor.length()) / 2,
                cursor.length() - 1}) {
            String tampered = cursor.substring(0, position) + flipped(cursor.charAt(position))
                    + cursor.substring(position + 1);

            ApiClient.Response response = alice.send("GET", "/namespaces/orders/records?limit=2&cursor=" + tampered,
                    null, Map.of());

            assertThat(response.status()).as("character %d of %s changed: %s", position, cursor, tampered)
                    .isEqualTo(400);
            assertThat(response.errorCode()).as("character %d changed", position)
                    .isEqualTo(AttackMatrix.INVALID_REQUEST);
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
        assertThat(partitionsOfABefore.get(tenantA + "#" + AttackMatrix.ORDERS)).hasSize(5);

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
        Set<String> subjectsOfB = AttackMatrix.MEMBERS_OF_B.stream().map(Member::subject).collect(Collectors.toSet());
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

    /** Whether everything the matrix demands of one attempt held: both answers as documented, equal, nothing leaked. */
    private boolean cellPassed(int i) {
        Attempt attempt = attempts.get(i);
        return attempt.expected().holds(whileAHeldNothing.get(i), placeholders)
                && attempt.expected().holds(whileAHeldData.get(i), placeholders)
                && whileAHeldData.get(i).comparable().equals(whileAHeldNothing.get(i).comparable())
                && !whileAHeldData.get(i).rawBody().contains(secretOfA)
                && !(whileAHeldNothing.get(i).rawBody() + whileAHeldData.get(i).rawBody()).contains(secretOfC);
    }

    @AfterAll
    void writeTheMatrix() {
        if (attempts == null || whileAHeldData.size() != attempts.size()) {
            return;
        }
        List<Boolean> passed = IntStream.range(0, attempts.size()).mapToObj(this::cellPassed).toList();
        IsolationReport.section(IsolationReport.Section.ATTACK_MATRIX, AttackMatrixReport.markdown(attempts,
                whileAHeldData, passed, setUpRequestsOfB + 2 * attempts.size(), placeholders));
    }

    // ------------------------------------------------------------------------------------------------- A's data

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
            require(alice.send("PUT", "/namespaces/" + AttackMatrix.DECISIONS_OF_A, null, Map.of()), 201);
            for (String placeholder : List.of(AttackMatrix.EXECUTION_1, AttackMatrix.EXECUTION_2)) {
                placeholders.defineMasked(placeholder, require(alice.send("POST", "/namespaces/"
                        + AttackMatrix.DECISIONS_OF_A + "/executions", ExecutionApiTest.SUPPLIER_MODEL
                        .replace("pick a supplier", secretOfA), Map.of()), 201).json().get("executionId").asText());
            }
        }
        createRecordsOfA();
    }

    private void createRecordsOfA() {
        for (String namespace : List.of(AttackMatrix.ORDERS, AttackMatrix.PRIVATE)) {
            require(alice.send("PUT", "/namespaces/" + namespace, null, Map.of()), 201);
        }
        ORDER_IDS.forEach(id -> require(alice.send("PUT", AttackMatrix.record(AttackMatrix.ORDERS, id),
                dataOfARecord(id), Map.of()), 201));
        PRIVATE_IDS.forEach(id -> require(alice.send("PUT", AttackMatrix.record(AttackMatrix.PRIVATE, id),
                dataOfARecord(id), Map.of()), 201));
        for (String updated : List.of(AttackMatrix.record(AttackMatrix.ORDERS, "ord-1"),
                AttackMatrix.record(AttackMatrix.PRIVATE, "secret-1"))) {
            String etag = require(alice.send("GET", updated, null, Map.of()), 200).headers().get("etag").get(0);
            String current = require(alice.send("PUT", updated, dataOfARecord(updated.substring(
                    updated.lastIndexOf('/') + 1)), Map.of("If-Match", etag)), 200).headers().get("etag").get(0);
            // what B names as A's ETags from now on: A's real, current ones, without their quotes
            placeholders.defineMasked(updated.contains(AttackMatrix.ORDERS) ? AttackMatrix.ETAG_OF_ORD_1
                    : AttackMatrix.ETAG_OF_SECRET_1, current.substring(1, current.length() - 1));
        }
    }

    /** C, the bystander: a namespace "orders" with records, and an execution, all carrying C's secret. */
    private void createDataOfC() {
        String admin = api.token(tenantC, "carol-of-c", "admin");
        require(api.send("PUT", "/namespaces/" + AttackMatrix.ORDERS, admin, null, Map.of()), 201);
        for (String id : ORDER_IDS) {
            require(api.send("PUT", AttackMatrix.record(AttackMatrix.ORDERS, id), admin,
                    "{\"secret\":\"" + secretOfC + "\"}", Map.of()), 201);
        }
        require(api.send("POST", "/namespaces/" + AttackMatrix.ORDERS + "/executions", admin,
                ExecutionApiTest.SUPPLIER_MODEL.replace("pick a supplier", secretOfC), Map.of()), 201);
    }

    private Map<String, List<Map<String, AttributeValue>>> partitionsOfC() {
        return TenantPartitions.snapshot(stack.adminDynamoDb(), stack.tables().data(), tenantC, AttackMatrix.PRIVATE,
                AttackMatrix.DECISIONS_OF_A);
    }

    private static String cursorOf(ApiClient.Response page) {
        String cursor = page.json().path("nextCursor").asText(null);
        if (cursor == null) {
            throw new IllegalStateException("Set-up expected a nextCursor: " + page.body());
        }
        return cursor;
    }

    private void deleteDataOfA() {
        ORDER_IDS.forEach(id -> require(alice.send("DELETE", AttackMatrix.record(AttackMatrix.ORDERS, id), null,
                Map.of()), 204));
        PRIVATE_IDS.forEach(id -> require(alice.send("DELETE", AttackMatrix.record(AttackMatrix.PRIVATE, id), null,
                Map.of()), 204));
        for (String namespace : List.of(AttackMatrix.ORDERS, AttackMatrix.PRIVATE)) {
            require(alice.send("DELETE", "/namespaces/" + namespace, null, Map.of()), 204);
        }
    }

    /** The cursor to the second page of one of A's namespaces. */
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
        for (String partition : List.of(tenantA, tenantA + "#" + AttackMatrix.ORDERS,
                tenantA + "#" + AttackMatrix.PRIVATE, tenantA + "#" + tenantA,
                tenantA + "#" + AttackMatrix.DECISIONS_OF_A, tenantA + "#" + AttackMatrix.DECISIONS_OF_B)) {
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
        private final String token;
        private final List<Sent> sent;

        Caller(String subject, String token, List<Sent> sent) {
            this.subject = subject;
            this.token = token;
            this.sent = sent;
        }

        ApiClient.Response send(String method, String path, String body, Map<String, String> headers) {
            ApiClient.Response response = api.send(method, path, token, body, headers);
            sent.add(new Sent(subject, method + " " + path, response.requestId(), response.status()));
            return response;
        }
    }
}
