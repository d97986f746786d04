package com.execalc.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The shape every API Gateway proxy handler shares: read the event, let the subclass answer, map any failure to the
 * JSON error shape in {@link ApiErrors}, write the proxy response. Subclasses keep no per-request state.
 */
public abstract class ProxyHandler implements RequestStreamHandler {

    private final LambdaJson json;
    private final ApiErrors errors;

    protected ProxyHandler(LambdaJson json) {
        this.json = json;
        this.errors = new ApiErrors(json);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context lambda) {
        ApiResponse response;
        String requestId = lambda.getAwsRequestId();
        try {
            ApiRequest request = new ApiRequest(json.readProxyEvent(input), json, requestId);
            requestId = request.requestId();
            response = handle(request, lambda);
        } catch (RuntimeException failure) {
            ApiErrors.ApiError error = errors.classify(failure);
            if (error.status() >= 500) {
                lambda.getLogger().log("{\"level\":\"ERROR\",\"requestId\":\"" + requestId + "\",\"error\":\""
                        + error.code() + "\",\"exception\":\"" + failure.getClass().getName() + "\"}\n");
            }
            response = errors.toResponse(error, requestId);
        }
        Map<String, String> headers = new HashMap<>(response.headers());
        headers.put("Content-Type", "application/json");
        headers.put("X-Request-Id", requestId);
        json.write(output, new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(headers)
                .withBody(response.body() == null ? null : response.body().toString()));
    }

    /** Answers one request; may throw any failure {@link ApiErrors} knows. */
    protected abstract ApiResponse handle(ApiRequest request, Context lambda);
}
