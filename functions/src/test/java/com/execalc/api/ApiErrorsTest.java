package com.execalc.api;

import com.execalc.access.TenantBoundaryViolationException;
import com.execalc.data.NamespaceNotFoundException;
import com.execalc.errors.ErrorCode;
import com.execalc.governance.Decision;
import com.execalc.governance.GovernanceDeniedException;
import com.execalc.governance.PolicyLoosensInvariantException;
import com.execalc.governance.PolicyViolation;
import com.execalc.tenancy.NamespaceId;
import com.fasterxml.jackson.databind.node.IntNode;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Failures become the JSON error shape by their code alone. */
class ApiErrorsTest {

    private static final Map<ErrorCode, Integer> STATUS = new EnumMap<>(Map.ofEntries(
            Map.entry(ErrorCode.INVALID_REQUEST, 400), Map.entry(ErrorCode.UNAUTHENTICATED, 401),
            Map.entry(ErrorCode.FORBIDDEN, 403), Map.entry(ErrorCode.TENANT_MISMATCH, 403),
            Map.entry(ErrorCode.NOT_FOUND, 404), Map.entry(ErrorCode.CONFLICT, 409),
            Map.entry(ErrorCode.NAMESPACE_NOT_EMPTY, 409), Map.entry(ErrorCode.NOT_PENDING_REVIEW, 409),
            Map.entry(ErrorCode.SELF_REVIEW, 403), Map.entry(ErrorCode.ALREADY_REVIEWED, 409),
            Map.entry(ErrorCode.PRECONDITION_FAILED, 412),
            Map.entry(ErrorCode.PAYLOAD_TOO_LARGE, 413), Map.entry(ErrorCode.POLICY_VIOLATION, 422),
            Map.entry(ErrorCode.POLICY_LOOSENS_INVARIANT, 422), Map.entry(ErrorCode.AUDIT_UNAVAILABLE, 503),
            Map.entry(ErrorCode.SERVICE_UNAVAILABLE, 503), Map.entry(ErrorCode.TENANT_BOUNDARY_VIOLATION, 500),
            Map.entry(ErrorCode.TENANT_CONTEXT_MISSING, 500), Map.entry(ErrorCode.ISOLATION_BREACH, 500),
            Map.entry(ErrorCode.INTERNAL, 500)));

    private final ApiErrors errors = new ApiErrors(new LambdaJson());

    @Test
    void status_shouldBeTheDocumentedOne_forEveryCode() {
        assertThat(STATUS.keySet()).as("every code has its expected status here").containsExactly(ErrorCode.values());
        STATUS.forEach((code, status) -> assertThat(ApiErrors.status(code)).as(code.name()).isEqualTo(status));
    }

    @Test
    void classify_shouldKeepTheMessage_whenTheCodeShowsIt() {
        ApiErrors.ApiError error = errors.classify(new NamespaceNotFoundException(NamespaceId.of("orders")));

        assertThat(error.status()).isEqualTo(404);
        assertThat(error.code()).isEqualTo("NOT_FOUND");
        assertThat(error.message()).isEqualTo("Namespace 'orders' does not exist.");
        assertThat(error.details()).isNull();
    }

    @Test
    void classify_shouldHideTheMessage_ofAnIsolationFailure() {
        ApiErrors.ApiError error = errors.classify(new TenantBoundaryViolationException("key globex#orders"));

        assertThat(error.status()).isEqualTo(500);
        assertThat(error.code()).isEqualTo("TENANT_BOUNDARY_VIOLATION");
        assertThat(error.message()).doesNotContain("globex");
    }

    @Test
    void classify_shouldAnswerA500WithAGenericMessage_forAFailureWithoutCode() {
        ApiErrors.ApiError error = errors.classify(new IllegalArgumentException("table execalc-data, key acme#x"));

        assertThat(error.status()).isEqualTo(500);
        assertThat(error.code()).isEqualTo("INTERNAL");
        assertThat(error.message()).isEqualTo("The request could not be completed.");
    }

    @Test
    void classify_shouldAnswerAGovernanceDenial_withItsDenialsCode() {
        ApiErrors.ApiError tooLarge = errors.classify(new GovernanceDeniedException(
                Decision.deny(Decision.Denial.TOO_LARGE, "RECORD_TOO_LARGE", "The record is 2 bytes.")));

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.code()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(tooLarge.message()).isEqualTo("The record is 2 bytes.");
    }

    @Test
    void toResponse_shouldCarryAFailuresDetails_besideCodeMessageAndRequestId() {
        ApiErrors.ApiError error = errors.classify(new PolicyLoosensInvariantException(List.of(
                new PolicyViolation("maxRecordBytes", IntNode.valueOf(70000), IntNode.valueOf(65536)))));

        ApiResponse response = errors.toResponse(error, "req-1");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body().toString()).isEqualTo("{\"error\":{\"code\":\"POLICY_LOOSENS_INVARIANT\","
                + "\"message\":\"The policy would loosen 1 global invariant; a tenant policy may only make them"
                + " stricter.\",\"requestId\":\"req-1\",\"violations\":[{\"field\":\"maxRecordBytes\","
                + "\"requested\":70000,\"limit\":65536}]}}");
    }
}
