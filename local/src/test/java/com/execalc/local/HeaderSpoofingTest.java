package com.execalc.local;

import com.execalc.digest.LocalDigestSigner;
import com.execalc.ingress.Plane;
import com.execalc.ingress.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Header, query and body spoofing on every tenant route: a request of tenant S's admin that names tenant O in
 * {@code X-Tenant-Id}, {@code X-Amz-Tenant-Id}, {@code ?tenantId=}, {@code ?tenant=} or a body field {@code tenantId},
 * {@code tenant_id} or {@code tenant}.
 *
 * <ul>
 *   <li>every way of naming O is 403 {@code TENANT_MISMATCH}, audited as a DENY in S's partition, including
 *       {@code X-Amz-Tenant-Id} (API Gateway maps the authorizer's tenant onto Lambda's Invoke call, but the event
 *       keeps the client's headers) and a parameter or header repeated with O among its values;</li>
 *   <li>naming S itself is tolerated: the answer is the one without it (where the route's body has a closed schema, the
 *       policy and the decision model, a {@code tenantId} field is still an unknown field: 400).</li>
 * </ul>
 *
 * <p>Each route's request is valid and would succeed for S (set-up requests make it so, e.g. a record to delete), so a
 * refusal can only come from the spoofing. O holds data; its partitions and audit events are the same afterwards, and
 * O's marker is in no answer.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeaderSpoofingTest {

    private static final String POLICY = "{\"maxNamespaces\":500}";
    private static final String REVIEW = "{\"decision\":\"APPROVE\",\"reason\":\"checked by S\"}";

    private final LocalCloud stack;
    private final ApiClient api;
    private final ObjectMapper json = new ObjectMapper();
    private final String tenantS = ApiClient.uniqueTenant("spoof-s");
    private final String tenantO = ApiClient.uniqueTenant("spoof-o");
    private final String markerOfO = "marker-of-o-" + UUID.randomUUID();
    private final String markerOfS = "marker-of-s-" + UUID.randomUUID();
    private String admin;
    private String operatorOfS;
    private String executionOfS;

    private final List<Attempt> attempts = new ArrayList<>();
    private final List<String> requestIdsOfS = new ArrayList<>();
    private Map<String, List<Map<String, AttributeValue>>> dataOfOBefore;
    private Map<String, List<Map<String, AttributeValue>>> dataOfOAfter;
    private List<Map<String, AttributeValue>> auditOfOBefore;
    private List<Map<String, AttributeValue>> auditOfOAfter;

    HeaderSpoofingTest(LocalCloud stack, OpenApiContract contract) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri(), contract);
    }

    /** A tenant route and a valid request of S's admin on it, made fresh (with its set-up) for each attempt. */
    private record RouteCase(String route, String method, Function<HeaderSpoofingTest, Request> fresh,
                             boolean closedBodySchema) {
    }

    /** A valid request: its path and body, and the status S gets for it without any spoofing. */
    private record Request(String path, String body, int status) {
    }

    /** One way of naming a tenant. {@code names} is O or S; the expected answer follows from the kind and the route. */
    private enum Vector {
        NONE("no tenant named"),
        X_TENANT_ID("header X-Tenant-Id"),
        X_AMZ_TENANT_ID("header X-Amz-Tenant-Id"),
        QUERY_TENANT_ID("?tenantId="),
        QUERY_TENANT("?tenant="),
        BODY_TENANT_ID("body field tenantId"),
        BODY_TENANT_UNDERSCORE_ID("body field tenant_id"),
        BODY_TENANT("body field tenant"),
        // other spellings
        HEADER_LOWER_CASE("header x-tenant-id"),
        HEADER_FORWARDED("header X-Forwarded-Tenant"),
        QUERY_MIXED_CASE("?TenantId="),
        QUERY_UNDERSCORE("?tenant_id="),
        BODY_MIXED_CASE("body field TenantId"),
        // the same name twice: the proxy event's single-value maps keep the last value only
        QUERY_OTHER_THEN_OWN("?tenantId={O}&tenantId={S}"),
        QUERY_OWN_THEN_OTHER("?tenantId={S}&tenantId={O}"),
        HEADER_OTHER_THEN_OWN("X-Tenant-Id: {O}, then X-Tenant-Id: {S}"),
        HEADER_OWN_THEN_OTHER("X-Tenant-Id: {S}, then X-Tenant-Id: {O}");

        final String label;

        Vector(String label) {
            this.label = label;
        }

        boolean isBody() {
            return name().startsWith("BODY");
        }

        boolean isRepeated() {
            return name().endsWith("_OWN") || name().endsWith("_OTHER");
        }
    }

    private record Attempt(RouteCase route, Vector vector, boolean namesOther, int expectedStatus, String expectedCode,
                           int status, String code, String body, String requestId) {
        boolean passed() {
            return status == expectedStatus && code.equals(expectedCode);
        }

        String label() {
            return route.route() + " with " + vector.label + (vector == Vector.NONE || vector.isRepeated() ? ""
                    : namesOther ? " = {O}" : " = {S}");
        }
    }

    private List<RouteCase> routes() {
        return List.of(
                new RouteCase("GET /me", "GET", t -> new Request("/me", null, 200), false),
                new RouteCase("GET /namespaces", "GET", t -> new Request("/namespaces", null, 200), false),
                new RouteCase("PUT /namespaces/{ns}", "PUT", t -> new Request("/namespaces/orders", null, 200), false),
                new RouteCase("DELETE /namespaces/{ns}", "DELETE", t -> {
                    t.asS("PUT", "/namespaces/scratch", null);
                    return new Request("/namespaces/scratch", null, 204);
                }, false),
                new RouteCase("GET /namespaces/{ns}/records", "GET",
                        t -> new Request("/namespaces/orders/records?limit=5", null, 200), false),
                new RouteCase("PUT /namespaces/{ns}/records/{id}", "PUT",
                        t -> new Request("/namespaces/orders/records/o-1", t.recordOfS(), 200), false),
                new RouteCase("GET /namespaces/{ns}/records/{id}", "GET",
                        t -> new Request("/namespaces/orders/records/o-1", null, 200), false),
                new RouteCase("DELETE /namespaces/{ns}/records/{id}", "DELETE", t -> {
                    t.asS("PUT", "/namespaces/orders/records/scratch", t.recordOfS());
                    return new Request("/namespaces/orders/records/scratch", null, 204);
                }, false),
                new RouteCase("POST /namespaces/{ns}/executions", "POST",
                        t -> new Request("/namespaces/decisions/executions", ExecutionApiTest.SUPPLIER_MODEL, 201), true),
                new RouteCase("GET /namespaces/{ns}/executions", "GET",
                        t -> new Request("/namespaces/decisions/executions?limit=5", null, 200), false),
                new RouteCase("GET /namespaces/{ns}/executions/{id}", "GET",
                        t -> new Request("/namespaces/decisions/executions/" + t.executionOfS, null, 200), false),
                new RouteCase("POST /namespaces/{ns}/executions/{id}/reviews", "POST",
                        t -> new Request(t.escalatedExecutionOfS() + "/reviews", REVIEW, 200), true),
                new RouteCase("GET /governance/policy", "GET", t -> new Request("/governance/policy", null, 200), false),
                new RouteCase("PUT /governance/policy", "PUT", t -> new Request("/governance/policy", POLICY, 200), true),
                new RouteCase("GET /audit", "GET", t -> new Request("/audit?limit=3", null, 200), false),
                new RouteCase("GET /audit/digests", "GET", t -> new Request("/audit/digests?limit=3", null, 200),
                        false),
                new RouteCase("GET /audit/signing-key", "GET", t -> new Request("/audit/signing-key", null, 200),
                        false),
                new RouteCase("GET /export", "GET", t -> new Request("/export?limit=2", null, 200), false));
    }

    @BeforeAll
    void spoofEveryRoute() {
        // GIVEN tenant O with data, and tenant S with the same namespace names, a record and an execution
        api.registerTenant(tenantO);
        api.registerTenant(tenantS);
        String adminOfO = api.token(tenantO, "olivia", "admin");
        admin = api.token(tenantS, "sam", "admin");
        operatorOfS = api.token(tenantS, "oscar", "operator");
        for (String path : List.of("/namespaces/orders", "/namespaces/decisions")) {
            require(api.send("PUT", path, adminOfO, null, Map.of()), 201);
            require(asS("PUT", path, null), 201);
        }
        require(api.send("PUT", "/namespaces/orders/records/o-1", adminOfO, "{\"m\":\"" + markerOfO + "\"}",
                Map.of()), 201);
        require(api.send("POST", "/namespaces/decisions/executions", adminOfO, ExecutionApiTest.SUPPLIER_MODEL
                .replace("pick a supplier", markerOfO), Map.of()), 201);
        require(api.send("PUT", "/governance/policy", adminOfO, "{\"maxNamespaces\":321}", Map.of()), 200);
        require(asS("PUT", "/namespaces/orders/records/o-1", recordOfS()), 201);
        require(asS("PUT", "/governance/policy", POLICY), 200);
        executionOfS = require(asS("POST", "/namespaces/decisions/executions", ExecutionApiTest.SUPPLIER_MODEL), 201)
                .json().get("executionId").asText();
        // S's trail digested (periods of a second), so that S has digests and a published signing key to read
        try {
            new DigestedTrails(stack, api, LocalDigestSigner.ephemeral(), Files.createTempDirectory("spoof-digests"))
                    .digest(tenantS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dataOfOBefore = TenantPartitions.snapshot(stack.adminDynamoDb(), stack.tables().data(), tenantO);
        auditOfOBefore = AuditItems.memberEvents(stack.adminDynamoDb(), stack.tables().audit(), tenantO);

        // WHEN S's admin sends each route's valid request with every way of naming O, and of naming S
        for (RouteCase route : routes()) {
            attempt(route, Vector.NONE, true);
            for (Vector vector : Vector.values()) {
                if (vector != Vector.NONE) {
                    attempt(route, vector, true);
                }
            }
            for (Vector vector : List.of(Vector.X_TENANT_ID, Vector.X_AMZ_TENANT_ID, Vector.QUERY_TENANT_ID,
                    Vector.BODY_TENANT_ID)) {
                attempt(route, vector, false);
            }
        }
        dataOfOAfter = TenantPartitions.snapshot(stack.adminDynamoDb(), stack.tables().data(), tenantO);
        auditOfOAfter = AuditItems.memberEvents(stack.adminDynamoDb(), stack.tables().audit(), tenantO);
    }

    private void attempt(RouteCase route, Vector vector, boolean namesOther) {
        Request request = route.fresh().apply(this);
        String named = namesOther ? tenantO : tenantS;
        String path = request.path();
        Map<String, String> headers = new HashMap<>();
        String body = request.body();
        switch (vector) {
            case NONE -> { }
            case X_TENANT_ID -> headers.put("X-Tenant-Id", named);
            case X_AMZ_TENANT_ID -> headers.put("X-Amz-Tenant-Id", named);
            case HEADER_LOWER_CASE -> headers.put("x-tenant-id", named);
            case HEADER_FORWARDED -> headers.put("X-Forwarded-Tenant", named);
            case QUERY_TENANT_ID -> path = withQuery(path, "tenantId", named);
            case QUERY_TENANT -> path = withQuery(path, "tenant", named);
            case QUERY_MIXED_CASE -> path = withQuery(path, "TenantId", named);
            case QUERY_UNDERSCORE -> path = withQuery(path, "tenant_id", named);
            case BODY_TENANT_ID -> body = withField(body, "tenantId", named);
            case BODY_TENANT_UNDERSCORE_ID -> body = withField(body, "tenant_id", named);
            case BODY_TENANT -> body = withField(body, "tenant", named);
            case BODY_MIXED_CASE -> body = withField(body, "TenantId", named);
            default -> { } // the repeated ones, below
        }
        switch (vector) {
            case QUERY_OTHER_THEN_OWN -> path = withQuery(withQuery(path, "tenantId", tenantO), "tenantId", tenantS);
            case QUERY_OWN_THEN_OTHER -> path = withQuery(withQuery(path, "tenantId", tenantS), "tenantId", tenantO);
            default -> { }
        }
        ApiClient.Response response = switch (vector) {
            case HEADER_OTHER_THEN_OWN -> api.sendWithRepeatedHeader(route.method(), path, admin, body, "X-Tenant-Id",
                    List.of(tenantO, tenantS));
            case HEADER_OWN_THEN_OTHER -> api.sendWithRepeatedHeader(route.method(), path, admin, body, "X-Tenant-Id",
                    List.of(tenantS, tenantO));
            default -> api.send(route.method(), path, admin, body, headers);
        };
        requestIdsOfS.add(response.requestId());

        int expectedStatus;
        String expectedCode;
        if (vector == Vector.NONE) {
            expectedStatus = request.status();
            expectedCode = "";
        } else if (namesOther || vector.isRepeated()) { // a repeated value names O too, whichever comes last
            expectedStatus = 403;
            expectedCode = "TENANT_MISMATCH";
        } else if (vector.isBody() && route.closedBodySchema()) {
            expectedStatus = 400; // tolerated as a tenant claim, but not a field of the policy or the decision model
            expectedCode = "INVALID_REQUEST";
        } else {
            expectedStatus = request.status();
            expectedCode = "";
        }
        attempts.add(new Attempt(route, vector, namesOther, expectedStatus, expectedCode, response.status(),
                response.status() >= 400 ? response.errorCode() : "", response.body(), response.requestId()));
    }

    // ------------------------------------------------------------------------------------------------------ tests

    @TestFactory
    Stream<DynamicTest> everySpoofingAttempt_shouldGetItsDocumentedAnswer() {
        return attempts.stream().map(attempt -> DynamicTest.dynamicTest(attempt.label(), () -> {
            assertThat(attempt.status()).as("%s: status (body %s)", attempt.label(), attempt.body())
                    .isEqualTo(attempt.expectedStatus());
            assertThat(attempt.code()).as("%s: error code", attempt.label()).isEqualTo(attempt.expectedCode());
        }));
    }

    @Test
    void xAmzTenantIdNamingAnotherTenant_shouldFail_becauseTheEventKeepsTheClientsHeaders() {
        for (String route : List.of("GET /me", "GET /namespaces/{ns}/records/{id}", "GET /namespaces/{ns}/executions/{id}",
                "GET /governance/policy")) {
            Attempt attempt = find(route, Vector.X_AMZ_TENANT_ID, true);
            assertThat(attempt.status()).as(route).isEqualTo(403);
            assertThat(attempt.code()).as(route).isEqualTo("TENANT_MISMATCH");
        }
    }

    @Test
    void noAnswer_shouldCarryAnythingOfTheOtherTenant() {
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.body() == null ? "" : attempt.body())
                .as(attempt.label()).doesNotContain(markerOfO));
    }

    @Test
    void theOtherTenantsDataAndAudit_shouldBeUnchanged() {
        assertThat(dataOfOBefore.get(tenantO + "#orders")).hasSize(1);

        assertThat(dataOfOAfter).isEqualTo(dataOfOBefore);
        assertThat(auditOfOAfter).isEqualTo(auditOfOBefore);
    }

    @Test
    void everyRefusedSpoofingAttempt_shouldBeAuditedAsADenial_inTheCallersOwnPartition() {
        Map<String, Map<String, AttributeValue>> eventByRequest = new HashMap<>();
        AuditItems.memberEvents(stack.adminDynamoDb(), stack.tables().audit(), tenantS)
                .forEach(event -> eventByRequest.put(event.get("requestId").s(), event));

        assertThat(attempts).allSatisfy(attempt -> {
            Map<String, AttributeValue> event = eventByRequest.get(attempt.requestId());
            assertThat(event).as("%s: audit event", attempt.label()).isNotNull();
            assertThat(event.get("tenantId").s()).isEqualTo(tenantS);
            assertThat(event.get("outcome").n()).as(attempt.label()).isEqualTo(Integer.toString(attempt.status()));
            if ("TENANT_MISMATCH".equals(attempt.code())) {
                assertThat(event.get("decision").s()).as(attempt.label()).isEqualTo("DENY");
                assertThat(event.get("reason").s()).as(attempt.label()).isEqualTo("TENANT_MISMATCH");
            }
        });
    }

    @Test
    void everyTenantRoute_shouldHaveBeenSpoofed() {
        assertThat(attempts.stream().map(attempt -> attempt.route().route()).distinct())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Route.values())
                        .filter(route -> route.plane() == Plane.TENANT)
                        .map(route -> route.method() + " " + route.resourcePath()).toList());
    }

    private Attempt find(String route, Vector vector, boolean namesOther) {
        return attempts.stream().filter(a -> a.route().route().equals(route) && a.vector() == vector
                && a.namesOther() == namesOther).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------------------------------------------ report

    @AfterAll
    void writeReport() {
        if (attempts.isEmpty()) {
            return;
        }
        List<Vector> main = List.of(Vector.NONE, Vector.X_TENANT_ID, Vector.X_AMZ_TENANT_ID, Vector.QUERY_TENANT_ID,
                Vector.QUERY_TENANT, Vector.BODY_TENANT_ID, Vector.BODY_TENANT_UNDERSCORE_ID, Vector.BODY_TENANT);
        List<Vector> spellings = List.of(Vector.HEADER_LOWER_CASE, Vector.HEADER_FORWARDED, Vector.QUERY_MIXED_CASE,
                Vector.QUERY_UNDERSCORE, Vector.BODY_MIXED_CASE);
        List<Vector> own = List.of(Vector.X_TENANT_ID, Vector.X_AMZ_TENANT_ID, Vector.QUERY_TENANT_ID,
                Vector.BODY_TENANT_ID);
        long passed = attempts.stream().filter(Attempt::passed).count();
        StringBuilder md = new StringBuilder();
        md.append("Written by `HeaderSpoofingTest`. Tenant S's admin sends each tenant route's valid request (one that ")
                .append("succeeds for S: set-up requests make sure of it) naming tenant O, which holds data, in a ")
                .append("header, a query parameter or a body field, and then naming S itself. Each cell is the ")
                .append("status and error code S got. **").append(passed).append(" of ").append(attempts.size())
                .append(" attempts on ").append(routes().size()).append(" routes got the documented answer**; O's ")
                .append("partitions and audit events were unchanged; O's data was in no answer; every attempt has one ")
                .append("audit event in S's partition (the refusals as DENY, reason TENANT_MISMATCH).\n\n");
        md.append("Every way of naming O is refused before any data is touched, `X-Amz-Tenant-Id` included: API ")
                .append("Gateway maps the authorizer's tenant onto Lambda's Invoke call (which picks the tenant's ")
                .append("execution environment), while the event keeps the client's headers, so a client value naming ")
                .append("O is refused like any other. A parameter or header repeated with O among its values is ")
                .append("refused whichever value comes last.\n\n");
        table(md, "Naming the other tenant O", main, true);
        md.append("\n");
        table(md, "Other spellings, naming O (header names are case-insensitive; any header or query parameter whose "
                + "name contains `tenant`, and the body fields case-insensitively)", spellings, true);
        md.append("\n");
        table(md, "The same parameter or header twice, naming O and S: every value is checked, in the proxy event's "
                + "multi-value maps too, so both orders are refused", List.of(
                Vector.QUERY_OTHER_THEN_OWN, Vector.QUERY_OWN_THEN_OTHER, Vector.HEADER_OTHER_THEN_OWN,
                Vector.HEADER_OWN_THEN_OTHER), true);
        md.append("\n");
        table(md, "Naming the caller's own tenant S: tolerated (the policy and the decision model have closed "
                + "schemas, so a `tenantId` field there is an unknown field, 400)", own, false);
        IsolationReport.section(IsolationReport.Section.SPOOFING, md.toString());
    }

    private void table(StringBuilder md, String title, List<Vector> vectors, boolean namesOther) {
        md.append(title).append(":\n\n| route |");
        vectors.forEach(vector -> md.append(" ").append(vector.label.replace("|", "\\|")).append(" |"));
        md.append("\n|---|");
        vectors.forEach(vector -> md.append("---|"));
        md.append("\n");
        for (RouteCase route : routes()) {
            md.append("| `").append(route.route()).append("` |");
            for (Vector vector : vectors) {
                Attempt attempt = find(route.route(), vector, vector == Vector.NONE || namesOther);
                md.append(" ").append(attempt.status()).append(attempt.code().isEmpty() ? "" : " " + attempt.code())
                        .append(attempt.passed() ? "" : " **(expected " + attempt.expectedStatus() + " "
                                + attempt.expectedCode() + ")**")
                        .append(" |");
            }
            md.append("\n");
        }
    }

    // ----------------------------------------------------------------------------------------------------- helpers

    private ApiClient.Response asS(String method, String path, String body) {
        ApiClient.Response response = api.send(method, path, admin, body, Map.of());
        requestIdsOfS.add(response.requestId());
        return response;
    }

    /** An execution waiting for review, run by S's operator: S's admin reviews it, and a reviewer never reviews their own. */
    private String escalatedExecutionOfS() {
        ApiClient.Response run = api.send("POST", "/namespaces/decisions/executions", operatorOfS,
                ExecutionApiTest.SUPPLIER_MODEL.replace("\"low\"", "\"high\""), Map.of());
        requestIdsOfS.add(run.requestId());
        assertThat(run.json().get("status").asText()).isEqualTo("ESCALATE");
        return "/namespaces/decisions/executions/" + run.json().get("executionId").asText();
    }

    private String recordOfS() {
        return "{\"m\":\"" + markerOfS + "\"}";
    }

    private static String withQuery(String path, String name, String value) {
        return path + (path.contains("?") ? "&" : "?") + name + "=" + value;
    }

    private String withField(String body, String field, String value) {
        ObjectNode object = body == null ? json.createObjectNode() : (ObjectNode) parse(body);
        object.put(field, value);
        return object.toString();
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiClient.Response require(ApiClient.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("Set-up expected " + status + " but got " + response.status() + ": "
                    + response.body());
        }
        return response;
    }
}
