package com.execalc.local;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validator the integration suites check every response with: what conforms to openapi.yaml, what drifts. */
class OpenApiContractTest {

    private static final String RECORD = """
            {"id":"r1","namespace":"orders","version":1,"updatedAt":"2026-11-27T10:00:00.123Z","data":{"total":1}}""";
    private static final Map<String, List<String>> RECORD_HEADERS = Map.of("Content-Type", List.of("application/json"),
            "X-Request-Id", List.of("3f0c2a8e-6d1b-4c1e-9b7a-2b1f0e5d9c44"), "ETag", List.of("\"1\""));

    private final OpenApiContract contract = OpenApiContract.ofRepository();

    private static OpenApiContract.Exchange getRecord(int status, Map<String, List<String>> headers, String body) {
        return new OpenApiContract.Exchange("GET", "/namespaces/orders/records/r1", status, headers, body);
    }

    private static String error(String code) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\",\"requestId\":\"3f0c2a8e\"}}";
    }

    private static Map<String, List<String>> requestIdOnly() {
        return Map.of("Content-Type", List.of("application/json"), "X-Request-Id", List.of("3f0c2a8e"));
    }

    @Test
    void violations_shouldBeNone_whenTheResponseIsAsDocumented() {
        assertThat(contract.violations(getRecord(200, RECORD_HEADERS, RECORD))).isEmpty();
    }

    @Test
    void violations_shouldNameTheStatus_whenOnlyDefaultCoversIt() {
        assertThat(contract.violations(getRecord(418, requestIdOnly(), error("INVALID_REQUEST"))))
                .anySatisfy(violation -> assertThat(violation)
                        .contains("getRecord does not list status 418 (only default covers it)"));
    }

    @Test
    void violations_shouldNameTheField_whenTheBodyHasOneTheSchemaDoesNotDeclare() {
        String drifted = RECORD.replace("\"version\":1", "\"version\":1,\"owner\":\"acme\"");

        assertThat(contract.violations(getRecord(200, RECORD_HEADERS, drifted)))
                .anySatisfy(violation -> assertThat(violation).contains("additionalProperties").contains("owner"));
    }

    @Test
    void violations_shouldNameTheField_whenTheBodyLacksARequiredOne() {
        String drifted = RECORD.replace("\"version\":1,", "");

        assertThat(contract.violations(getRecord(200, RECORD_HEADERS, drifted)))
                .anySatisfy(violation -> assertThat(violation).contains("required").contains("version"));
    }

    @Test
    void violations_shouldNameTheHeader_whenXRequestIdIsMissing() {
        Map<String, List<String>> headers = Map.of("Content-Type", List.of("application/json"),
                "ETag", List.of("\"1\""));

        assertThat(contract.violations(getRecord(200, headers, RECORD)))
                .anySatisfy(violation -> assertThat(violation).contains("header.missing").contains("X-Request-Id"));
    }

    @Test
    void violations_shouldNameTheHeader_whenARecordComesWithoutETag() {
        assertThat(contract.violations(getRecord(200, requestIdOnly(), RECORD)))
                .anySatisfy(violation -> assertThat(violation).contains("header.missing").contains("ETag"));
    }

    @Test
    void violations_shouldNameTheCode_whenTheStatusDoesNotCarryIt() {
        assertThat(contract.violations(getRecord(404, requestIdOnly(), error("CONFLICT"))))
                .anySatisfy(violation -> assertThat(violation).contains("CONFLICT").contains("enum"));
    }

    @Test
    void violations_shouldBeNone_whenAnErrorCarriesACodeOfItsStatus() {
        assertThat(contract.violations(getRecord(404, requestIdOnly(), error("NOT_FOUND")))).isEmpty();
    }

    @Test
    void violations_shouldBeNone_whenARequestThatIsNoOperationGetsTheGatewaysJson404() {
        OpenApiContract.Exchange unknown = new OpenApiContract.Exchange("GET", "/nowhere", 404, requestIdOnly(),
                error("NOT_FOUND"));

        assertThat(contract.violations(unknown)).isEmpty();
    }

    @Test
    void violations_shouldSaySo_whenARequestThatIsNoOperationGetsAnythingElse() {
        OpenApiContract.Exchange unknown = new OpenApiContract.Exchange("DELETE", "/me", 200, Map.of(), "{}");

        assertThat(contract.violations(unknown)).containsExactly(
                "DELETE /me -> 200: the contract has no such operation, and the answer is not a 404",
                "DELETE /me -> 200: no X-Request-Id",
                "DELETE /me -> 200: the answer to an unknown route is not {\"error\":{\"code\":\"NOT_FOUND\","
                        + "\"message\",\"requestId\"}}");
    }

    @Test
    void check_shouldThrowWithEveryViolationAndTheBody_whenTheResponseDrifted() {
        assertThatThrownBy(() -> contract.check(getRecord(418, Map.of(), "{}")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not list status 418")
                .hasMessageContaining("X-Request-Id")
                .hasMessageContaining("body: {}");
    }

    @Test
    void coverage_shouldCountResponsesPerOperation_andNameTheOperationsNotSeen() {
        contract.violations(getRecord(200, RECORD_HEADERS, RECORD));
        contract.violations(getRecord(404, requestIdOnly(), error("NOT_FOUND")));
        contract.violations(new OpenApiContract.Exchange("GET", "/me?x=1", 401, requestIdOnly(),
                error("UNAUTHENTICATED")));

        assertThat(contract.responsesValidated()).isEqualTo(3);
        assertThat(contract.coverage())
                .startsWith("openapi.yaml 1.0.0: 3 responses validated, 2 of 24 operations covered\n")
                .endsWith("  and 0 answers to requests that are no operation (404)\n")
                .contains("  getRecord: 2 responses, statuses [200, 404]\n")
                .contains("  describeSession: 1 responses, statuses [401]\n")
                .contains("  putRecord: not covered\n");
    }

    @Test
    void theContract_shouldDeclareAnOperationIdForEveryOperation() {
        assertThat(contract.operationIds()).hasSize(24).doesNotContainNull();
    }
}
