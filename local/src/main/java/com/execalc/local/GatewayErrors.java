package com.execalc.local;

import com.execalc.api.ApiErrors;
import com.execalc.api.ApiResponse;
import com.execalc.api.LambdaJson;
import com.execalc.ingress.GatewayResponse;
import com.execalc.local.http.HttpResponse;
import com.execalc.local.http.Refusal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local stack's own error answers, in the error shape {@code {"error":{"code","message","requestId"}}} written by
 * the functions' own error writer ({@link ApiErrors#toResponse}), with the statuses and codes of API Gateway's answers
 * ({@link GatewayResponse}, which the CDK app configures as the deployed gateway responses).
 *
 * <p>An answer of the gateway's own (not a function's) names its gateway response type in
 * {@value #GATEWAY_RESPONSE_HEADER}, local only: deployed, the access log's {@code errorType} says the same.
 */
final class GatewayErrors {

    /** The local-only header naming the {@link GatewayResponse} type of an answer the gateway gave itself. */
    static final String GATEWAY_RESPONSE_HEADER = "X-Execalc-Gateway-Response";

    private final ApiErrors errors = new ApiErrors(new LambdaJson());

    /** One of API Gateway's own answers, exactly as the deployed API gives it. */
    HttpResponse answer(GatewayResponse answer, String requestId) {
        return error(answer.status(), answer.code(), answer.message(), requestId)
                .withHeader(GATEWAY_RESPONSE_HEADER, answer.name());
    }

    /**
     * The answer to a request the HTTP shell could not read: API Gateway's {@link GatewayResponse#REQUEST_TOO_LARGE}
     * for a body over the limit, its default 4xx or 5xx answer, with the shell's status and message, for the rest.
     */
    HttpResponse refusal(Refusal refusal, String requestId) {
        if (refusal == Refusal.BODY_TOO_LARGE) {
            return answer(GatewayResponse.REQUEST_TOO_LARGE, requestId);
        }
        GatewayResponse type = refusal.status() >= 500 ? GatewayResponse.DEFAULT_5XX : GatewayResponse.DEFAULT_4XX;
        return error(refusal.status(), type.code(), refusal.message(), requestId)
                .withHeader(GATEWAY_RESPONSE_HEADER, type.name());
    }

    /** An error of a local-only endpoint, or of the gateway itself. */
    HttpResponse error(int status, String code, String message, String requestId) {
        ApiResponse response = errors.toResponse(new ApiErrors.ApiError(status, code, message, null), requestId);
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.put("Content-Type", "application/json");
        headers.put("X-Request-Id", requestId);
        return new HttpResponse(response.status(), headers,
                response.body().toString().getBytes(StandardCharsets.UTF_8));
    }
}
