package com.execalc.local;

import com.execalc.local.AttackDsl.Attempt;
import com.execalc.local.AttackDsl.Member;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static com.execalc.local.AttackDsl.TIMESTAMP;
import static com.execalc.local.AttackDsl.by;

/**
 * The cross-tenant attack matrix as data: every attempt tenant B's viewer, operator and admin make at tenant A, and
 * the answer each must get, in the order {@link CrossTenantIsolationTest} makes them (twice: while A holds nothing and
 * while A holds its data). One line per attempt; add a case where its route's attempts are.
 *
 * <p>Placeholders (resolved per run, see {@link AttackDsl.Placeholders}): {@value #A} and {@value #B} the tenants'
 * ids; {@value #ORDERS_CURSOR}, {@value #PRIVATE_CURSOR}, {@value #AUDIT_CURSOR} and {@value #EXPORT_CURSOR} cursors A
 * obtained;
 * {@value #EXECUTION_1} and {@value #EXECUTION_2} A's execution ids (ids never issued in the first pass);
 * {@value #REQUEST_ID_OF_A} a request id of A's; {@value #ETAG_OF_ORD_1} and {@value #ETAG_OF_SECRET_1} the ETags of
 * A's records, ids of the audit events that wrote them (ids never issued in the first pass); {@value #POLICY_OF_B} and {@value #REGISTRATION_OF_B} B's own policy
 * view and the audit page of B's registration, as B read them before the attempts.
 *
 * <p>Whatever an attempt legitimately creates of B's own is removed again by a later attempt of the same list, so each
 * attempt meets the same B in both passes.
 */
final class AttackMatrix {

    static final String A = "{A}";
    static final String B = "{B}";
    static final String ORDERS_CURSOR = "{A's orders cursor}";
    static final String PRIVATE_CURSOR = "{A's a-private cursor}";
    static final String AUDIT_CURSOR = "{A's audit cursor}";
    static final String EXPORT_CURSOR = "{A's export cursor}";
    static final String EXECUTION_1 = "{A's execution 1}";
    static final String EXECUTION_2 = "{A's execution 2}";
    static final String REQUEST_ID_OF_A = "{A's request id}";
    static final String ETAG_OF_ORD_1 = "{A's ord-1 ETag}";
    static final String ETAG_OF_SECRET_1 = "{A's secret-1 ETag}";
    static final String POLICY_OF_B = "{B's policy}";
    static final String REGISTRATION_OF_B = "{B's registration event}";
    /** Every placeholder the matrix may use. */
    static final List<String> PLACEHOLDERS = List.of(A, B, ORDERS_CURSOR, PRIVATE_CURSOR, AUDIT_CURSOR, EXPORT_CURSOR,
            EXECUTION_1,
            EXECUTION_2, REQUEST_ID_OF_A, ETAG_OF_ORD_1, ETAG_OF_SECRET_1, POLICY_OF_B, REGISTRATION_OF_B);

    static final Member BOB = new Member("bob-of-b", "admin");
    static final Member VIC = new Member("vic-of-b", "viewer");
    static final Member OTTO = new Member("otto-of-b", "operator");
    /** B's members, as the per-role loops go through them. */
    static final List<Member> MEMBERS_OF_B = List.of(VIC, OTTO, BOB);

    /** Names A uses and B tries. */
    static final String ORDERS = "orders";
    static final String PRIVATE = "a-private";
    static final String DECISIONS_OF_A = "a-decisions";
    static final String DECISIONS_OF_B = "b-decisions";

    static final String NOT_FOUND = "NOT_FOUND";
    static final String INVALID_REQUEST = "INVALID_REQUEST";
    static final String TENANT_MISMATCH = "TENANT_MISMATCH";
    static final String FORBIDDEN = "FORBIDDEN";
    static final String PRECONDITION_FAILED = "PRECONDITION_FAILED";

    static final String NAMESPACES_OF_B = "{\"items\":["
            + "{\"namespace\":\"b-decisions\",\"createdAt\":\"" + TIMESTAMP + "\"},"
            + "{\"namespace\":\"orders\",\"createdAt\":\"" + TIMESTAMP + "\"}]}";
    static final String EMPTY_PAGE = "{\"items\":[],\"nextCursor\":null}";
    static final String REVIEW = "{\"decision\":\"APPROVE\",\"reason\":\"approved by B\"}";
    static final String DATA_OF_B = "{\"note\":\"bob's own ord-1\"}";

    private AttackMatrix() {
    }

    /** The attempts that name A's resources or A's tenant, in order: made in both passes. */
    static List<Attempt> naming() {
        return Stream.of(namingAsResources(), onMe(), onExecutions(), onPolicy(), onAudit(), onDigests(), onExport(),
                onTheLifecycleOfA()).flatMap(List::stream).toList();
    }

    /** The attempts with a cursor A obtained: made once A has had records, in both passes. */
    static List<Attempt> withCursorsOfA() {
        return List.of(
                by(BOB).get("/namespaces/orders/records?limit=2&cursor=" + ORDERS_CURSOR).fails(400, INVALID_REQUEST),
                by(BOB).get("/namespaces/orders/records?cursor=" + ORDERS_CURSOR).fails(400, INVALID_REQUEST),
                by(VIC).get("/namespaces/orders/records?limit=2&cursor=" + ORDERS_CURSOR).fails(400, INVALID_REQUEST),
                by(BOB).get("/namespaces/orders/records?limit=2&cursor=" + PRIVATE_CURSOR).fails(400, INVALID_REQUEST),
                by(BOB).get("/namespaces/a-private/records?limit=2&cursor=" + ORDERS_CURSOR).fails(400, INVALID_REQUEST),
                by(BOB).get("/namespaces/a-private/records?limit=2&cursor=" + PRIVATE_CURSOR)
                        .fails(400, INVALID_REQUEST),
                by(VIC).get("/namespaces/a-private/records?cursor=" + PRIVATE_CURSOR).fails(400, INVALID_REQUEST),
                by(BOB).get("/namespaces/" + A + "/records?cursor=" + ORDERS_CURSOR).fails(400, INVALID_REQUEST),
                by(OTTO).get("/namespaces/orders/records?cursor=" + ORDERS_CURSOR).fails(400, INVALID_REQUEST),
                by(BOB).get("/namespaces/orders/records?cursor=" + ORDERS_CURSOR + "&tenantId=" + A)
                        .fails(403, TENANT_MISMATCH),
                // A's audit cursor, with the filters A used and with others
                by(BOB).get("/audit?limit=1&cursor=" + AUDIT_CURSOR).fails(400, INVALID_REQUEST),
                by(OTTO).get("/audit?cursor=" + AUDIT_CURSOR).fails(400, INVALID_REQUEST),
                by(BOB).get("/audit?limit=1&actor=alice-of-a&cursor=" + AUDIT_CURSOR).fails(400, INVALID_REQUEST),
                by(BOB).get("/audit?limit=1&cursor=" + AUDIT_CURSOR).header("X-Amz-Tenant-Id", A)
                        .fails(403, TENANT_MISMATCH),
                by(VIC).get("/audit?limit=1&cursor=" + AUDIT_CURSOR).fails(400, INVALID_REQUEST), // cursor first
                // and cursors used on the other listing: A's records cursor on the audit trail, A's audit cursor
                // on B's records
                by(BOB).get("/audit?limit=2&cursor=" + ORDERS_CURSOR).fails(400, INVALID_REQUEST),
                by(BOB).get("/namespaces/orders/records?limit=1&cursor=" + AUDIT_CURSOR).fails(400, INVALID_REQUEST),
                // A's export cursor: bound to A (a 400 for every role, the cursor read before the decision), and the
                // other listings' cursors on the export and A's export cursor on them
                by(BOB).get("/export?cursor=" + EXPORT_CURSOR).fails(400, INVALID_REQUEST),
                by(BOB).get("/export?limit=1&cursor=" + EXPORT_CURSOR).fails(400, INVALID_REQUEST),
                by(OTTO).get("/export?cursor=" + EXPORT_CURSOR).fails(400, INVALID_REQUEST),
                by(VIC).get("/export?cursor=" + EXPORT_CURSOR).fails(400, INVALID_REQUEST),
                by(BOB).get("/export?cursor=" + ORDERS_CURSOR).fails(400, INVALID_REQUEST),
                by(BOB).get("/export?cursor=" + AUDIT_CURSOR).fails(400, INVALID_REQUEST),
                by(BOB).get("/namespaces/orders/records?cursor=" + EXPORT_CURSOR).fails(400, INVALID_REQUEST),
                by(BOB).get("/audit?cursor=" + EXPORT_CURSOR).fails(400, INVALID_REQUEST),
                // A's audit cursor on the digest listing
                by(BOB).get("/audit/digests?limit=1&cursor=" + AUDIT_CURSOR).fails(400, INVALID_REQUEST));
    }

    /**
     * The export: only B's admins may export (B's own data), and never with A's tenant named; A's export cursor is
     * tried with the other cursors.
     */
    private static List<Attempt> onExport() {
        return List.of(
                by(VIC).get("/export").fails(403, FORBIDDEN),
                by(OTTO).get("/export?limit=5").fails(403, FORBIDDEN),
                by(BOB).get("/export").header("X-Amz-Tenant-Id", A).fails(403, TENANT_MISMATCH),
                by(BOB).get("/export?tenantId=" + A).fails(403, TENANT_MISMATCH),
                by(OTTO).get("/export?tenant=" + A).fails(403, TENANT_MISMATCH),
                by(VIC).get("/export").header("X-Tenant-Id", A).fails(403, TENANT_MISMATCH));
    }

    /**
     * A's lifecycle through the control plane: B's members are no platform operators, so every attempt to offboard,
     * purge or count A is refused (403) and audited in B's own trail, never in A's.
     */
    private static List<Attempt> onTheLifecycleOfA() {
        List<Attempt> list = new ArrayList<>();
        for (Member member : MEMBERS_OF_B) {
            list.add(by(member).post("/tenants/" + A + "/offboard", null).fails(403, FORBIDDEN));
            list.add(by(member).post("/tenants/" + A + "/purge", null).fails(403, FORBIDDEN));
            list.add(by(member).get("/tenants/" + A + "/usage").fails(403, FORBIDDEN));
        }
        return list;
    }

    /** A's namespaces, records and versions, and A's tenant named, on the namespace and record routes. */
    private static List<Attempt> namingAsResources() {
        String ord1 = record(ORDERS, "ord-1");
        String secret1 = record(PRIVATE, "secret-1");
        String data = "{\"note\":\"written by b\"}";
        return List.of(
                // GET /namespaces: B's own namespaces only, whatever A holds
                by(BOB).get("/namespaces").is(200, NAMESPACES_OF_B),
                by(VIC).get("/namespaces").is(200, NAMESPACES_OF_B),
                by(OTTO).get("/namespaces").is(200, NAMESPACES_OF_B),
                by(BOB).get("/namespaces").header("X-Amz-Tenant-Id", A).fails(403, TENANT_MISMATCH), // the event keeps the client header
                by(BOB).get("/namespaces?tenantId=" + A).fails(403, TENANT_MISMATCH),
                by(VIC).get("/namespaces?tenant=" + A).fails(403, TENANT_MISMATCH),
                by(BOB).get("/namespaces").header("X-Tenant-Id", A).fails(403, TENANT_MISMATCH),

                // GET /namespaces/{ns}/records: B's own empty "orders"; no "a-private" at all
                by(BOB).get("/namespaces/orders/records").is(200, EMPTY_PAGE),
                by(BOB).get("/namespaces/orders/records?limit=2").is(200, EMPTY_PAGE),
                by(VIC).get("/namespaces/orders/records?limit=2").is(200, EMPTY_PAGE),
                by(OTTO).get("/namespaces/orders/records?limit=2").is(200, EMPTY_PAGE),
                by(OTTO).get("/namespaces/a-private/records").fails(404, NOT_FOUND),
                by(BOB).get("/namespaces/orders/records").header("X-Amz-Tenant-Id", A).fails(403, TENANT_MISMATCH),
                by(BOB).get("/namespaces/a-private/records").fails(404, NOT_FOUND),
                by(VIC).get("/namespaces/a-private/records?limit=2").fails(404, NOT_FOUND),
                by(BOB).get("/namespaces/" + A + "/records").fails(404, NOT_FOUND), // a namespace named like A
                by(BOB).get("/namespaces/" + A + "%23orders/records").fails(400, INVALID_REQUEST), // A's partition key
                by(BOB).get("/namespaces/orders/records?tenantId=" + A).fails(403, TENANT_MISMATCH),
                by(BOB).get("/namespaces/a-private/records").header("X-Tenant-Id", A).fails(403, TENANT_MISMATCH),

                // PUT and DELETE /namespaces/{ns}
                by(BOB).put("/namespaces/orders", null).is(200, "{\"namespace\":\"orders\"}"), // B's own exists
                by(BOB).delete("/namespaces/a-private").fails(404, NOT_FOUND),
                by(OTTO).delete("/namespaces/a-private").fails(404, NOT_FOUND),
                by(BOB).delete("/namespaces/" + A + "%23a-private").fails(400, INVALID_REQUEST),
                by(VIC).put("/namespaces/a-private", null).fails(403, FORBIDDEN),
                by(VIC).delete("/namespaces/orders").fails(403, FORBIDDEN),
                by(BOB).put("/namespaces/a-private?tenantId=" + A, null).fails(403, TENANT_MISMATCH),
                by(BOB).put("/namespaces/a-private", "{\"tenantId\":\"" + A + "\"}").fails(403, TENANT_MISMATCH),
                by(BOB).put("/namespaces/a-private", null).header("X-Tenant-Id", A).fails(403, TENANT_MISMATCH),
                by(OTTO).put("/namespaces/orders", "{\"tenant\":\"" + A + "\"}").fails(403, TENANT_MISMATCH),
                by(BOB).delete("/namespaces/orders?tenantId=" + A).fails(403, TENANT_MISMATCH),
                by(BOB).delete("/namespaces/orders").header("X-Tenant-Id", A).fails(403, TENANT_MISMATCH),

                // GET /namespaces/{ns}/records/{id} with A's ids
                by(BOB).get(ord1).fails(404, NOT_FOUND),
                by(BOB).get(record(ORDERS, "ord-2")).fails(404, NOT_FOUND),
                by(VIC).get(ord1).fails(404, NOT_FOUND),
                by(OTTO).get(secret1).fails(404, NOT_FOUND),
                by(BOB).get(secret1).fails(404, NOT_FOUND),
                by(BOB).get("/namespaces/" + A + "/records/ord-1").fails(404, NOT_FOUND),
                by(BOB).get("/namespaces/orders/records/REC%23ord-1").fails(400, INVALID_REQUEST), // A's sort key
                by(BOB).get(ord1 + "?tenantId=" + A).fails(403, TENANT_MISMATCH),
                by(BOB).get(ord1).header("X-Tenant-Id", A).fails(403, TENANT_MISMATCH),

                // PUT /namespaces/{ns}/records/{id} with A's ids and versions: B has no such record (412) or
                // no such namespace (404, checked before the version)
                by(BOB).put(ord1, data).ifMatch("1").fails(412, PRECONDITION_FAILED),
                by(BOB).put(ord1, data).ifMatch("2").fails(412, PRECONDITION_FAILED),
                by(OTTO).put(ord1, data).ifMatch("2").fails(412, PRECONDITION_FAILED),
                by(BOB).put(ord1, data).ifMatch(ETAG_OF_ORD_1).fails(412, PRECONDITION_FAILED), // A's real ETag
                by(OTTO).put(ord1, data).header("If-Match", "*").fails(412, PRECONDITION_FAILED),
                by(BOB).put(secret1, data).fails(404, NOT_FOUND),
                by(BOB).put(secret1, data).ifMatch("2").fails(404, NOT_FOUND),
                by(BOB).put(secret1, data).ifMatch(ETAG_OF_SECRET_1).fails(404, NOT_FOUND),
                by(VIC).put(ord1, data).fails(403, FORBIDDEN),
                by(VIC).put(ord1, data).ifMatch("2").fails(403, FORBIDDEN),
                by(BOB).put(ord1, "{\"tenantId\":\"" + A + "\",\"note\":\"x\"}").fails(403, TENANT_MISMATCH),
                by(BOB).put(ord1, "{\"tenant_id\":\"" + A + "\"}").ifMatch("2").fails(403, TENANT_MISMATCH),
                by(BOB).put(ord1 + "?tenantId=" + A, data).fails(403, TENANT_MISMATCH),
                by(BOB).put(ord1, data).header("X-Tenant-Id", A).ifMatch("2").fails(403, TENANT_MISMATCH),

                // DELETE /namespaces/{ns}/records/{id}: an absent record is 404 before any precondition is
                // evaluated (RFC 9110 13.2.1), so If-Match with A's versions changes nothing
                by(BOB).delete(ord1).fails(404, NOT_FOUND),
                by(BOB).delete(ord1).ifMatch("1").fails(404, NOT_FOUND),
                by(BOB).delete(ord1).ifMatch("2").fails(404, NOT_FOUND),
                by(BOB).delete(ord1).ifMatch(ETAG_OF_ORD_1).fails(404, NOT_FOUND),
                by(OTTO).delete(secret1).ifMatch("2").fails(404, NOT_FOUND),
                by(OTTO).delete(secret1).header("If-Match", "*").fails(404, NOT_FOUND),
                by(VIC).delete(ord1).ifMatch("2").fails(403, FORBIDDEN),
                by(BOB).delete(ord1 + "?tenantId=" + A).fails(403, TENANT_MISMATCH),
                by(BOB).delete(secret1).header("X-Tenant-Id", A).fails(403, TENANT_MISMATCH),

                // B's own record under A's id: B's version 1 with B's data, never A's version 2, and B's own ETag
                // (A's does not match it); then removed
                by(BOB).put(ord1, DATA_OF_B).is(201, recordOfB(1)),
                by(BOB).get(ord1).is(200, recordOfB(1)),
                by(BOB).put(ord1, DATA_OF_B).ifMatch("2").fails(412, PRECONDITION_FAILED),
                by(BOB).put(ord1, DATA_OF_B).ifMatch(ETAG_OF_ORD_1).fails(412, PRECONDITION_FAILED),
                by(BOB).delete(ord1).ifMatch(ETAG_OF_ORD_1).fails(412, PRECONDITION_FAILED),
                by(BOB).delete(ord1).header("If-Match", "*").is(204, null),

                // B's own namespace under A's name: created fresh (201, never 200), empty; then removed
                by(BOB).put("/namespaces/a-private", null).is(201, "{\"namespace\":\"a-private\"}"),
                by(BOB).get("/namespaces/a-private/records").is(200, EMPTY_PAGE),
                by(BOB).get(secret1).fails(404, NOT_FOUND),
                by(BOB).delete("/namespaces/a-private").is(204, null),

                // B's empty "orders" is deleted (A's "orders" holds records: it would be 409 NAMESPACE_NOT_EMPTY),
                // then made again
                by(BOB).delete("/namespaces/orders").is(204, null),
                by(BOB).put("/namespaces/orders", null).is(201, "{\"namespace\":\"orders\"}"));
    }

    /** GET /me: every role sees its own tenant, whatever it names. */
    private static List<Attempt> onMe() {
        List<Attempt> list = new ArrayList<>();
        for (Member member : MEMBERS_OF_B) {
            list.add(by(member).get("/me").is(200, meOf(member)));
            list.add(by(member).get("/me").header("X-Amz-Tenant-Id", A).fails(403, TENANT_MISMATCH));
        }
        list.add(by(BOB).get("/me?tenantId=" + A).fails(403, TENANT_MISMATCH));
        list.add(by(VIC).get("/me").header("X-Tenant-Id", A).fails(403, TENANT_MISMATCH));
        list.add(by(OTTO).get("/me?tenant=" + A).fails(403, TENANT_MISMATCH));
        list.add(by(BOB).request("GET", "/me", "{\"tenantId\":\"" + A + "\"}").fails(403, TENANT_MISMATCH));
        return list;
    }

    /** Executions: A's namespace names and A's execution ids, for every role. */
    private static List<Attempt> onExecutions() {
        String model = ExecutionApiTest.SUPPLIER_MODEL;
        String modelNamingA = model.replaceFirst("\\{", "{\"tenantId\":\"" + A + "\",");
        List<Attempt> list = new ArrayList<>();
        for (Member member : MEMBERS_OF_B) {
            boolean writer = member != VIC;
            // POST into A's namespace: B has none of that name; a viewer may not run executions at all
            list.add(writer ? by(member).post("/namespaces/a-decisions/executions", model).fails(404, NOT_FOUND)
                    : by(member).post("/namespaces/a-decisions/executions", model).fails(403, FORBIDDEN));
            // GET A's executions by id, in A's namespace name, in B's own namespaces, and by A's sort key
            list.add(by(member).get(execution(DECISIONS_OF_A, EXECUTION_1)).fails(404, NOT_FOUND));
            list.add(by(member).get(execution(DECISIONS_OF_B, EXECUTION_1)).fails(404, NOT_FOUND));
            list.add(by(member).get(execution(ORDERS, EXECUTION_2)).fails(404, NOT_FOUND));
            list.add(by(member).get(execution(DECISIONS_OF_A, EXECUTION_2)).header("X-Amz-Tenant-Id", A)
                    .fails(403, TENANT_MISMATCH));
            // listing and reviewing: A's namespace does not exist for B, A's ids not in B's own namespace
            list.add(by(member).get("/namespaces/a-decisions/executions").fails(404, NOT_FOUND));
            list.add(by(member).get("/namespaces/b-decisions/executions?status=ESCALATE").is(200, EMPTY_PAGE));
            list.add(by(member).post(execution(DECISIONS_OF_A, EXECUTION_1) + "/reviews", REVIEW)
                    .fails(404, NOT_FOUND));
            list.add(by(member).post(execution(DECISIONS_OF_B, EXECUTION_2) + "/reviews", REVIEW)
                    .fails(404, NOT_FOUND));
        }
        list.add(by(BOB).post(execution(DECISIONS_OF_A, EXECUTION_1) + "/reviews?tenantId=" + A, REVIEW)
                .fails(403, TENANT_MISMATCH));
        list.add(by(BOB).post("/namespaces/" + A + "%23a-decisions/executions", model).fails(400, INVALID_REQUEST));
        list.add(by(OTTO).post("/namespaces/b-decisions/executions", modelNamingA).fails(403, TENANT_MISMATCH));
        list.add(by(VIC).post("/namespaces/b-decisions/executions", modelNamingA).fails(403, TENANT_MISMATCH));
        list.add(by(BOB).post("/namespaces/b-decisions/executions?tenantId=" + A, model).fails(403, TENANT_MISMATCH));
        list.add(by(BOB).post("/namespaces/a-decisions/executions", model).header("X-Tenant-Id", A)
                .fails(403, TENANT_MISMATCH));
        // B's own execution, naming A in X-Amz-Tenant-Id: the event keeps the client's header, so it fails
        list.add(by(OTTO).post("/namespaces/b-decisions/executions", model).header("X-Amz-Tenant-Id", A)
                .fails(403, TENANT_MISMATCH));
        list.add(by(BOB).get("/namespaces/" + A + "%23a-decisions/executions/" + EXECUTION_1)
                .fails(400, INVALID_REQUEST));
        list.add(by(BOB).get(execution(DECISIONS_OF_A, "EXE%23" + EXECUTION_1)).fails(400, INVALID_REQUEST));
        list.add(by(VIC).get(execution(DECISIONS_OF_A, EXECUTION_1) + "?tenantId=" + A).fails(403, TENANT_MISMATCH));
        list.add(by(OTTO).get(execution(DECISIONS_OF_A, EXECUTION_2)).header("X-Tenant-Id", A)
                .fails(403, TENANT_MISMATCH));
        return list;
    }

    /** The policy: B reads and changes only its own, whatever version or tenant it names. */
    private static List<Attempt> onPolicy() {
        String stricter = "{\"maxNamespaces\":5}";
        List<Attempt> list = new ArrayList<>();
        for (Member member : MEMBERS_OF_B) {
            list.add(by(member).get("/governance/policy").is(200, POLICY_OF_B));
            list.add(by(member).get("/governance/policy").header("X-Amz-Tenant-Id", A).fails(403, TENANT_MISMATCH));
            list.add(member == BOB
                    ? by(member).put("/governance/policy", stricter).ifMatch("3").fails(412, PRECONDITION_FAILED)
                    : by(member).put("/governance/policy", stricter).ifMatch("3").fails(403, FORBIDDEN));
        }
        list.add(by(BOB).put("/governance/policy", stricter).ifMatch("2").fails(412, PRECONDITION_FAILED));
        list.add(by(BOB).put("/governance/policy", stricter).ifMatch("3").header("X-Amz-Tenant-Id", A)
                .fails(403, TENANT_MISMATCH));
        list.add(by(BOB).put("/governance/policy", "{\"maxNamespaces\":5000}").ifMatch("3")
                .fails(422, "POLICY_LOOSENS_INVARIANT"));
        list.add(by(BOB).put("/governance/policy", "{\"maxNamespaces\":5,\"tenantId\":\"" + A + "\"}")
                .fails(403, TENANT_MISMATCH));
        list.add(by(BOB).put("/governance/policy?tenantId=" + A, stricter).ifMatch("3").fails(403, TENANT_MISMATCH));
        list.add(by(BOB).put("/governance/policy", stricter).header("X-Tenant-Id", A).fails(403, TENANT_MISMATCH));
        list.add(by(VIC).get("/governance/policy?tenant=" + A).fails(403, TENANT_MISMATCH));
        list.add(by(OTTO).get("/governance/policy").header("X-Tenant-Id", A).fails(403, TENANT_MISMATCH));
        list.add(by(BOB).request("GET", "/governance/policy", "{\"tenant_id\":\"" + A + "\"}")
                .fails(403, TENANT_MISMATCH));
        return list;
    }

    /** The audit trail: filters naming A's actors and request ids find nothing; naming A's tenant is refused. */
    private static List<Attempt> onAudit() {
        List<Attempt> list = new ArrayList<>();
        for (Member member : MEMBERS_OF_B) {
            if (member == VIC) {
                list.add(by(member).get("/audit?actor=alice-of-a").fails(403, FORBIDDEN)); // no audit.query
                continue;
            }
            // (limit=100: a filtered page reads at most 10 x limit events of B's partition, which grows with every
            // attempt; with fewer, a page can be empty with a nextCursor, and then differ between the passes)
            list.add(by(member).get("/audit?actor=alice-of-a&limit=100").is(200, EMPTY_PAGE));
            list.add(by(member).get("/audit?actor=alice-of-a&action=record.put&decision=ALLOW&limit=100")
                    .is(200, EMPTY_PAGE));
            list.add(by(member).get("/audit?limit=100&actor=" + REQUEST_ID_OF_A).is(200, EMPTY_PAGE));
            list.add(by(member).get("/audit?actor=ops&actorType=PLATFORM_OPERATOR&action=tenant.register&limit=100")
                    .is(200, REGISTRATION_OF_B));
        }
        list.add(by(BOB).get("/audit?actor=alice-of-a&decision=DENY&limit=100").is(200, EMPTY_PAGE));
        list.add(by(BOB).get("/audit?actor=ops&actorType=PLATFORM_OPERATOR&action=tenant.register&limit=100")
                .header("X-Amz-Tenant-Id", A).fails(403, TENANT_MISMATCH));
        list.add(by(BOB).get("/audit?actor=alice-of-a&limit=100").header("X-Amz-Tenant-Id", A)
                .fails(403, TENANT_MISMATCH));
        list.add(by(BOB).get("/audit?tenantId=" + A).fails(403, TENANT_MISMATCH));
        list.add(by(OTTO).get("/audit?actor=alice-of-a&tenant=" + A).fails(403, TENANT_MISMATCH));
        list.add(by(BOB).get("/audit?actor=alice-of-a").header("X-Tenant-Id", A).fails(403, TENANT_MISMATCH));
        list.add(by(VIC).get("/audit?tenantId=" + A).fails(403, TENANT_MISMATCH));
        return list;
    }

    /** The digests and the signing key: B's own only (it has none yet), never A's by any name of A. */
    private static List<Attempt> onDigests() {
        List<Attempt> list = new ArrayList<>();
        for (Member member : List.of(OTTO, BOB)) {
            list.add(by(member).get("/audit/digests?limit=100").is(200, EMPTY_PAGE));
            list.add(by(member).get("/audit/signing-key").fails(404, NOT_FOUND));
        }
        list.add(by(VIC).get("/audit/digests?limit=100").fails(403, FORBIDDEN)); // no audit.query
        list.add(by(VIC).get("/audit/signing-key").fails(403, FORBIDDEN));
        list.add(by(BOB).get("/audit/digests?tenantId=" + A).fails(403, TENANT_MISMATCH));
        list.add(by(BOB).get("/audit/digests").header("X-Amz-Tenant-Id", A).fails(403, TENANT_MISMATCH));
        list.add(by(OTTO).get("/audit/signing-key?tenant=" + A).fails(403, TENANT_MISMATCH));
        return list;
    }

    static String record(String namespace, String id) {
        return "/namespaces/" + namespace + "/records/" + id;
    }

    static String execution(String namespace, String id) {
        return "/namespaces/" + namespace + "/executions/" + id;
    }

    /** What GET /me answers a member of B, without its request id (masked). */
    static String meOf(Member member) {
        return "{\"tenantId\":\"" + B + "\",\"subject\":\"" + member.subject() + "\",\"roles\":[\"" + member.role()
                + "\"]}";
    }

    /** B's own record "ord-1" in its "orders". */
    static String recordOfB(long version) {
        return "{\"id\":\"ord-1\",\"namespace\":\"orders\",\"version\":" + version + ",\"updatedAt\":\"" + TIMESTAMP
                + "\",\"data\":" + DATA_OF_B + "}";
    }
}
