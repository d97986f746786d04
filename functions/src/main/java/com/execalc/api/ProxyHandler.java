package com.execalc.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.execalc.ingress.Route;
import com.execalc.observability.RequestOutcome;
import com.execalc.observability.Telemetry;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;

/**
 * The shape every API Gateway proxy handler shares: read the event, let the subclass answer, map any failure to the
 * JSON error shape in {@link ApiErrors}, write the proxy response. Subclasses keep no per-request state.
 */
public abstract class ProxyHandler implements RequestStreamHandler {

    private final LambdaJson json;
    private final ApiErrors errors;
    private final Telemetry telemetry;
    private final Clock clock;

    protected ProxyHandler(LambdaJson json, Telemetry telemetry, Clock clock) {
        this.json = json;
        this.errors = new ApiErrors(json);
        this.telemetry = telemetry;
        this.clock = clock;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context lambda) {
        long started = System.nanoTime();
        RequestOutcome outcome = new RequestOutcome();
        ApiResponse response;
        String requestId = lambda.getAwsRequestId();
        try {
            ObjectNode event = json.readEvent(input);
            if (isDirectInvocation(event)) {
                // not API Gateway's: the function's own asynchronous call to itself, which nobody waits for
                json.write(output, handleDirect(event, lambda));
                return;
            }
            ApiRequest request = new ApiRequest(event, json, requestId);
            requestId = request.requestId();
            outcome.route(request.route().map(Route::name).orElse("UNKNOWN"));
            response = handle(request, lambda, outcome);
        } catch (RuntimeException failure) {
            ApiErrors.ApiError error = errors.classify(failure);
            if (error.status() >= 500) {
                telemetry.failure(requestId, error.code(), failure);
            }
            response = errors.toResponse(error, requestId);
        }
        telemetry.request(outcome, requestId, response.status(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), clock.instant());
        ObjectNode proxyResponse = json.object().put("statusCode", response.status());
        ObjectNode headers = proxyResponse.putObject("headers");
        response.headers().forEach(headers::put);
        headers.put("Content-Type", "application/json");
        headers.put("X-Request-Id", requestId);
        if (response.body() != null) {
            proxyResponse.put("body", response.body().toString());
        }
        json.write(output, proxyResponse);
    }

    /**
     * Answers one request; may throw any failure {@link ApiErrors} knows.
     *
     * @param outcome what the request's log line should say beyond route and status: its tenant and decision
     */
    protected abstract ApiResponse handle(ApiRequest request, Context lambda, RequestOutcome outcome);

    /**
     * Whether an event is a direct invocation that {@link #handleDirect} serves rather than an API Gateway request; none
     * is, unless a subclass says so. A direct event cannot pass for a request: it has none of a request's fields.
     */
    protected boolean isDirectInvocation(ObjectNode event) {
        return false;
    }

    /** Serves a direct invocation; what it returns is the invocation's result. */
    protected ObjectNode handleDirect(ObjectNode event, Context lambda) {
        throw new UnsupportedOperationException("No direct invocations");
    }
}
