package com.execalc.local;

import com.execalc.local.AttackDsl.Answer;
import com.execalc.local.AttackDsl.Attempt;
import com.execalc.local.AttackDsl.Expected;
import com.execalc.local.AttackDsl.Member;
import com.execalc.local.AttackDsl.Placeholders;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.execalc.local.AttackDsl.by;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The attack matrix's language: what an attempt sends, how it reads in the report, and what its answer must be. */
class AttackDslTest {

    private static final Member BOB = new Member("bob-of-b", "admin");

    private static Placeholders placeholders() {
        return new Placeholders().define("{A}", "iso-a-1234").define("{B}", "iso-b-5678")
                .defineMasked("{A's execution 1}", "01KAREALID0000000000000001");
    }

    private static ApiClient.Response response(int status, String body, Map<String, List<String>> headers) {
        return new ApiClient.Response(status, body, body.isEmpty() ? com.fasterxml.jackson.databind.node.MissingNode
                .getInstance() : AttackDsl.parse(body), headers);
    }

    @Test
    void anAttempt_shouldSendItsPathBodyAndHeaders_withEveryPlaceholderResolved_inTheOrderGiven() {
        Attempt attempt = by(BOB).put("/namespaces/{A}%23orders/records/r1?tenantId={A}", "{\"tenantId\":\"{A}\"}")
                .header("X-Tenant-Id", "{A}").ifMatch("2").fails(403, "TENANT_MISMATCH");

        assertThat(attempt.method()).isEqualTo("PUT");
        assertThat(attempt.pathIn(placeholders())).isEqualTo("/namespaces/iso-a-1234%23orders/records/r1"
                + "?tenantId=iso-a-1234");
        assertThat(attempt.bodyIn(placeholders())).isEqualTo("{\"tenantId\":\"iso-a-1234\"}");
        assertThat(attempt.headersIn(placeholders())).containsExactly(Map.entry("X-Tenant-Id", "iso-a-1234"),
                Map.entry("If-Match", "\"2\""));
    }

    @Test
    void anAttemptsLabel_shouldShowTheRequestAsWritten_withPlaceholders_andHeadersInOrder() {
        Attempt attempt = by(BOB).put("/namespaces/orders/records/ord-1", "{\"note\":\"x\"}")
                .header("X-Tenant-Id", "{A}").ifMatch("2").fails(403, "TENANT_MISMATCH");

        assertThat(attempt.label()).isEqualTo("bob-of-b(admin) PUT /namespaces/orders/records/ord-1 "
                + "{X-Tenant-Id={A}, If-Match=\"2\"} {\"note\":\"x\"}");
    }

    @Test
    void anAttemptsLabel_shouldShortenTheReadmesDecisionModel() {
        Attempt attempt = by(BOB).post("/namespaces/b-decisions/executions", ExecutionApiTest.SUPPLIER_MODEL
                .replaceFirst("\\{", "{\"tenantId\":\"{A}\",")).fails(403, "TENANT_MISMATCH");

        assertThat(attempt.label()).isEqualTo("bob-of-b(admin) POST /namespaces/b-decisions/executions "
                + "{\"tenantId\":\"{A}\",...the README's decision model}");
    }

    @Test
    void anAttemptsRoute_shouldBeTheTemplateTheGatewayMatches_placeholdersAndQueryAside() {
        assertThat(by(BOB).get("/namespaces/{A}%23orders/records?cursor={A's orders cursor}").fails(400, "X")
                .route()).isEqualTo("GET /namespaces/{ns}/records");
        assertThat(by(BOB).get("/namespaces/a/executions/EXE%23{A's execution 1}").fails(400, "X").route())
                .isEqualTo("GET /namespaces/{ns}/executions/{id}");
        assertThat(by(BOB).get("/nowhere").fails(404, "X").route()).isEqualTo("GET (no route)");
    }

    @Test
    void anAttemptWithoutARequest_shouldBeRefused() {
        assertThatThrownBy(() -> by(BOB).header("X-A", "1").fails(400, "X"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("method");
    }

    @Test
    void anAnswer_shouldPutBackOnlyTheMaskedPlaceholders() {
        Answer answer = Answer.of(response(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"Execution "
                + "01KAREALID0000000000000001 of iso-a-1234\",\"requestId\":\"r-1\"}}", Map.of(
                "X-Request-Id", List.of("r-1"), "etag", List.of("\"3\""))), placeholders());

        assertThat(answer.body().at("/error/message").asText()).isEqualTo("Execution {A's execution 1} of iso-a-1234");
        assertThat(answer.rawBody()).contains("01KAREALID0000000000000001");
        assertThat(answer.requestId()).isEqualTo("r-1");
        assertThat(answer.etag()).isEqualTo("\"3\"");
    }

    @Test
    void twoAnswers_shouldCompareEqual_whenOnlyTheirRequestIdsTimestampsAndExecutionIdsDiffer() {
        Answer first = Answer.of(response(201, "{\"executionId\":\"01KX1\",\"createdAt\":\"2026-01-01T00:00:00Z\","
                + "\"nested\":{\"updatedAt\":\"2026-01-01T00:00:01Z\"}}", Map.of()), placeholders());
        Answer second = Answer.of(response(201, "{\"executionId\":\"01KX2\",\"createdAt\":\"2026-02-02T00:00:00Z\","
                + "\"nested\":{\"updatedAt\":\"2026-02-02T00:00:01Z\"}}", Map.of()), placeholders());
        Answer third = Answer.of(response(200, "{\"executionId\":\"01KX2\",\"createdAt\":\"2026-02-02T00:00:00Z\","
                + "\"nested\":{\"updatedAt\":\"2026-02-02T00:00:01Z\"}}", Map.of()), placeholders());

        assertThat(first.comparable()).isEqualTo(second.comparable());
        assertThat(third.comparable()).as("another status").isNotEqualTo(second.comparable());
    }

    @Test
    void twoAnswers_shouldCompareEqual_whenTheirETagsAreBothIdsOfEvents_butNotWhenOneIsAVersionOrAnother() {
        Answer first = Answer.of(response(201, "{}", Map.of("ETag", List.of("\"01KA00000000000000000000E1\""))),
                placeholders());
        Answer second = Answer.of(response(201, "{}", Map.of("ETag", List.of("\"01KB00000000000000000000E9\""))),
                placeholders());
        Answer version = Answer.of(response(201, "{}", Map.of("ETag", List.of("\"1\""))), placeholders());
        Answer none = Answer.of(response(201, "{}", Map.of()), placeholders());

        assertThat(first.comparable()).isEqualTo(second.comparable());
        assertThat(first.comparable().etag()).isEqualTo(AttackDsl.OWN_ETAG);
        assertThat(version.comparable()).as("not an event id: compared as it is").isNotEqualTo(first.comparable());
        assertThat(version.comparable().etag()).isEqualTo("\"1\"");
        assertThat(none.comparable()).isNotEqualTo(first.comparable());
    }

    @Test
    void aFailure_shouldHold_onItsStatusAndErrorCodeAlone() {
        Expected expected = by(BOB).get("/me").fails(403, "TENANT_MISMATCH").expected();

        assertThat(expected.holds(Answer.of(response(403, "{\"error\":{\"code\":\"TENANT_MISMATCH\",\"message\":"
                + "\"any\",\"requestId\":\"r\"}}", Map.of()), placeholders()), placeholders())).isTrue();
        assertThat(expected.holds(Answer.of(response(403, "{\"error\":{\"code\":\"FORBIDDEN\"}}", Map.of()),
                placeholders()), placeholders())).isFalse();
        assertThat(expected.holds(Answer.of(response(404, "{\"error\":{\"code\":\"TENANT_MISMATCH\"}}", Map.of()),
                placeholders()), placeholders())).isFalse();
    }

    @Test
    void aSuccess_shouldHold_onlyOnItsWholeMaskedBody_withPlaceholdersResolved() {
        Expected expected = by(BOB).get("/me").is(200, "{\"tenantId\":\"{B}\",\"subject\":\"bob-of-b\"}").expected();

        assertThat(expected.holds(Answer.of(response(200, "{\"tenantId\":\"iso-b-5678\",\"subject\":\"bob-of-b\","
                + "\"requestId\":\"r-9\"}", Map.of()), placeholders()), placeholders())).isTrue();
        assertThat(expected.holds(Answer.of(response(200, "{\"tenantId\":\"iso-a-1234\",\"subject\":\"bob-of-b\"}",
                Map.of()), placeholders()), placeholders())).isFalse();
        assertThatThrownBy(() -> expected.verify(Answer.of(response(200, "{\"tenantId\":\"x\"}", Map.of()),
                placeholders()), "the attempt", placeholders())).isInstanceOf(AssertionError.class)
                .hasMessageContaining("the attempt: body");
    }

    @Test
    void anExpectedAnswer_shouldDescribeItselfForTheReport() {
        Placeholders placeholders = placeholders().define("{B's policy}", "{\"effective\":{},\"version\":1}");

        assertThat(by(BOB).get("/a").fails(403, "FORBIDDEN").expected().describe(placeholders))
                .isEqualTo("403 FORBIDDEN");
        assertThat(by(BOB).get("/a").is(204, null).expected().describe(placeholders)).isEqualTo("204 (no body)");
        assertThat(by(BOB).get("/a").is(200, "{\"items\":[]}").expected().describe(placeholders))
                .isEqualTo("200 empty page");
        assertThat(by(BOB).get("/a").is(200, "{\"items\":[{},{}]}").expected().describe(placeholders))
                .isEqualTo("200 B's own 2 items");
        assertThat(by(BOB).get("/a").is(200, "{B's policy}").expected().describe(placeholders))
                .isEqualTo("200 B's own policy, version 1");
        assertThat(by(BOB).get("/a").is(201, "{\"data\":{},\"version\":1}").expected().describe(placeholders))
                .isEqualTo("201 B's own record, version 1");
    }

    @Test
    void masked_shouldLeaveEverythingButRequestIdsExecutionIdsAndTimestamps() {
        JsonNode body = AttackDsl.parse("{\"tenantId\":\"t\",\"subject\":\"s\",\"requestId\":\"r\","
                + "\"createdAt\":\"c\",\"note\":\"createdAt\"}");

        assertThat(AttackDsl.masked(body).toString()).isEqualTo("{\"tenantId\":\"t\",\"subject\":\"s\","
                + "\"createdAt\":\"<timestamp>\",\"note\":\"createdAt\"}");
        assertThat(body.has("requestId")).as("the original is untouched").isTrue();
    }
}
