package com.execalc.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The authorizer stage: what it accepts from the authorizer, and what it caches, as API Gateway does. */
class AuthorizerStageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DECISION = "{\"principalId\":\"acme:alice\",\"policyDocument\":{\"Version\":"
            + "\"2012-10-17\",\"Statement\":[{\"Action\":\"execute-api:Invoke\",\"Effect\":\"Allow\",\"Resource\":"
            + "[\"*\"]}]},\"context\":{\"tenantId\":\"acme\"}}";

    private final AtomicInteger invocations = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));

    /** An authorizer that answers {@code output}, or fails with {@code failure} when it is not null. */
    private RequestStreamHandler authorizer(String output, RuntimeException failure) {
        return (in, out, context) -> {
            invocations.incrementAndGet();
            in.readAllBytes();
            if (failure != null) {
                throw failure;
            }
            out.write(output.getBytes(StandardCharsets.UTF_8));
        };
    }

    private AuthorizerStage stage(RequestStreamHandler authorizer, Duration ttl) {
        return new AuthorizerStage(authorizer, new LambdaInvoker(JSON), ttl, clock);
    }

    private static JsonNode event() {
        return JSON.createObjectNode().put("type", "REQUEST");
    }

    @Test
    void authorize_shouldReturnTheAuthorizersDecision() throws Exception {
        JsonNode decision = stage(authorizer(DECISION, null), Duration.ZERO).authorize("Bearer t",
                AuthorizerStageTest::event, "r1");

        assertThat(decision.get("principalId").asText()).isEqualTo("acme:alice");
    }

    @Test
    void authorize_shouldInvokeTheAuthorizerEveryTime_whenTheTtlIsZero() throws Exception {
        AuthorizerStage stage = stage(authorizer(DECISION, null), Duration.ZERO);

        stage.authorize("Bearer t", AuthorizerStageTest::event, "r1");
        stage.authorize("Bearer t", AuthorizerStageTest::event, "r2");

        assertThat(invocations).hasValue(2);
    }

    @Test
    void authorize_shouldReuseADecision_forTheSameAuthorizationHeader_untilTheTtlEnds() throws Exception {
        AuthorizerStage stage = stage(authorizer(DECISION, null), Duration.ofMinutes(5));

        stage.authorize("Bearer t", AuthorizerStageTest::event, "r1");
        stage.authorize("Bearer t", AuthorizerStageTest::event, "r2");
        clock.advance(Duration.ofMinutes(4));
        stage.authorize("Bearer t", AuthorizerStageTest::event, "r3");
        assertThat(invocations).as("within the TTL").hasValue(1);

        stage.authorize("Bearer other", AuthorizerStageTest::event, "r4");
        clock.advance(Duration.ofMinutes(1));
        stage.authorize("Bearer t", AuthorizerStageTest::event, "r5");
        assertThat(invocations).as("another header, then the TTL over").hasValue(3);
    }

    @Test
    void authorize_shouldNotCache_aRequestWithoutAuthorizationHeader() throws Exception {
        AuthorizerStage stage = stage(authorizer(DECISION, null), Duration.ofMinutes(5));

        stage.authorize(null, AuthorizerStageTest::event, "r1");
        stage.authorize(null, AuthorizerStageTest::event, "r2");

        assertThat(invocations).hasValue(2);
    }

    @Test
    void flush_shouldDropEveryCachedDecision() throws Exception {
        AuthorizerStage stage = stage(authorizer(DECISION, null), Duration.ofMinutes(5));
        stage.authorize("Bearer t", AuthorizerStageTest::event, "r1");

        stage.flush();
        stage.authorize("Bearer t", AuthorizerStageTest::event, "r2");

        assertThat(invocations).hasValue(2);
    }

    @Test
    void authorize_shouldNotBuildTheEvent_whenTheDecisionIsCached() throws Exception {
        AuthorizerStage stage = stage(authorizer(DECISION, null), Duration.ofMinutes(5));
        AtomicInteger built = new AtomicInteger();
        stage.authorize("Bearer t", () -> {
            built.incrementAndGet();
            return event();
        }, "r1");

        stage.authorize("Bearer t", () -> {
            built.incrementAndGet();
            return event();
        }, "r2");

        assertThat(built).hasValue(1);
    }

    @Test
    void aFailureWithTheMessageUnauthorized_shouldBeA401_andNeverCached() {
        AuthorizerStage stage = stage(authorizer(null, new IllegalStateException("Unauthorized")),
                Duration.ofMinutes(5));

        assertFailsEveryTime_neverCached(stage, true);
    }

    @Test
    void anyOtherFailure_shouldBeAConfigurationError_andNeverCached() {
        AuthorizerStage stage = stage(authorizer(null, new IllegalStateException("registry unreachable")),
                Duration.ofMinutes(5));

        assertFailsEveryTime_neverCached(stage, false);
    }

    @Test
    void anOutputThatIsNotADecision_shouldBeAConfigurationError_andNeverCached() {
        AuthorizerStage stage = stage(authorizer("{\"principalId\":\"p\"}", null), Duration.ofMinutes(5));

        assertFailsEveryTime_neverCached(stage, false);
    }

    /** Two requests with the same header: each fails, and each invoked the authorizer (nothing was cached). */
    private void assertFailsEveryTime_neverCached(AuthorizerStage stage, boolean unauthorized) {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> stage.authorize("Bearer t", AuthorizerStageTest::event, "r"))
                    .isInstanceOfSatisfying(AuthorizerStage.AuthorizerFailure.class,
                            failure -> assertThat(failure.unauthorized()).isEqualTo(unauthorized));
        }
        assertThat(invocations).hasValue(2);
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
