package com.execalc.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The REQUEST authorizer as API Gateway runs it: invoked with the request's event, its output accepted only when it is
 * a decision, and that decision reused for the same {@code Authorization} header while the result cache's TTL lasts.
 * Failures (a 401, any other error, an output that is not a decision) are never cached.
 */
final class AuthorizerStage {

    /** The authorizer gave no decision; {@code unauthorized} when it failed with the one message that is a 401. */
    static final class AuthorizerFailure extends Exception {
        private final boolean unauthorized;

        AuthorizerFailure(boolean unauthorized) {
            super(unauthorized ? "Unauthorized" : "Authorizer error", null, false, false);
            this.unauthorized = unauthorized;
        }

        /** As API Gateway: only the exact message {@code Unauthorized} is a 401; anything else a configuration error. */
        boolean unauthorized() {
            return unauthorized;
        }
    }

    private record CachedDecision(JsonNode decision, Instant expires) {
    }

    private final RequestStreamHandler authorizer;
    private final LambdaInvoker invoker;
    private final Duration ttl;
    private final Clock clock;
    /** Decisions by {@code Authorization} header, while {@link #ttl} lasts. */
    private final ConcurrentMap<String, CachedDecision> cache = new ConcurrentHashMap<>();

    AuthorizerStage(RequestStreamHandler authorizer, LambdaInvoker invoker, Duration ttl, Clock clock) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.invoker = invoker;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * The decision for a request.
     *
     * @param identity  the request's {@code Authorization} header (its values joined), or {@code null}: the cache key
     * @param event     the authorizer's event, built only when the authorizer is invoked
     * @param requestId the request's id, the authorizer invocation's too
     * @throws AuthorizerFailure when the authorizer failed or answered something that is not a decision
     */
    JsonNode authorize(String identity, Supplier<JsonNode> event, String requestId) throws AuthorizerFailure {
        boolean cached = identity != null && !ttl.isZero();
        if (cached) {
            CachedDecision hit = cache.get(identity);
            if (hit != null && clock.instant().isBefore(hit.expires())) {
                return hit.decision();
            }
        }
        JsonNode decision;
        try {
            decision = invoker.invoke(authorizer, event.get(), new LocalLambdaContext(requestId, "authorizer", null));
        } catch (RuntimeException failed) {
            throw new AuthorizerFailure("Unauthorized".equals(failed.getMessage()));
        }
        if (!isDecision(decision)) {
            throw new AuthorizerFailure(false);
        }
        if (cached) {
            cache.put(identity, new CachedDecision(decision, clock.instant().plus(ttl)));
        }
        return decision;
    }

    /** Drops every cached decision, as flushing a stage's authorizer cache does. */
    void flush() {
        cache.clear();
    }

    /**
     * Whether an authorizer output is one API Gateway accepts: a principal id, a policy document with statements, and
     * a context (if any) of strings, numbers and booleans only.
     */
    static boolean isDecision(JsonNode output) {
        if (!output.path("principalId").isTextual() || !output.path("policyDocument").path("Statement").isArray()
                || output.path("policyDocument").path("Statement").isEmpty()) {
            return false;
        }
        JsonNode context = output.path("context");
        if (context.isMissingNode() || context.isNull()) {
            return true;
        }
        if (!context.isObject()) {
            return false;
        }
        for (JsonNode value : context) {
            if (!value.isValueNode() || value.isNull()) {
                return false;
            }
        }
        return true;
    }
}
