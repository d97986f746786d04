package com.execalc.local;

import com.execalc.ingress.GatewayResponse;
import com.execalc.local.FaultChecks.Timed;
import com.execalc.local.FaultProxy.Attempt;
import com.execalc.local.FaultProxy.Fault;
import com.execalc.local.FaultProxy.Match;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static com.execalc.local.FaultChecks.ATTEMPT_TIMEOUT;
import static com.execalc.local.FaultChecks.CALL_TIMEOUT;
import static com.execalc.local.FaultChecks.MAX_ATTEMPTS;
import static com.execalc.local.FaultChecks.SLACK;
import static com.execalc.local.FaultChecks.assertErrorShape;
import static com.execalc.local.FaultChecks.concurrently;
import static com.execalc.local.FaultChecks.eventsOf;
import static com.execalc.local.FaultChecks.record;
import static com.execalc.local.FaultChecks.timed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB throttling and stuck calls, injected by a {@link FaultProxy} between the functions and dynalite: the SDK
 * retries with backoff, at most three attempts per call within the call timeout, and then the request fails with 503
 * in the JSON error shape; the audit event is still written before the data, and data is never written without it.
 */
@ExtendWith(FaultProxyCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoDbThrottlingTest {

    /** The write-ahead audit event's put: the event items carry {@code action}; the shipper's ledger entries do not. */
    private static final String AUDIT_EVENT = "\"action\"";

    private final FaultProxy proxy;
    private final LocalCloud stack;
    private final ApiClient api;
    private final String tenant;
    private final String admin;
    private final String data;
    private final String audit;
    private final String registry;
    private final FaultReport.Rows report = new FaultReport.Rows();

    DynamoDbThrottlingTest(LocalCloud stack, FaultProxy proxy, RegisteredTenant tenant) {
        this.stack = stack;
        this.proxy = proxy;
        this.api = tenant.api();
        this.tenant = tenant.id();
        this.admin = tenant.admin();
        data = stack.tables().data();
        audit = stack.tables().audit();
        registry = stack.tables().registry();
    }

    @BeforeAll
    void giveTheTenantARecord() {
        assertThat(api.send("PUT", "/namespaces/orders", admin, null, Map.of()).status()).isEqualTo(201);
        assertThat(api.send("PUT", "/namespaces/orders/records/r1", admin, "{\"v\":1}", Map.of()).status())
                .isEqualTo(201);
    }

    @BeforeEach
    void noFaults() {
        proxy.reset();
    }

    @AfterAll
    void writeTheReport() {
        report.write();
    }

    private void assertEveryCallWithinMaxAttempts() {
        assertThat(proxy.calls().values()).allSatisfy(call -> assertThat(call).hasSizeLessThanOrEqualTo(MAX_ATTEMPTS));
    }

    /** The retries of a call waited (jittered exponential backoff) instead of following at once. */
    private static void assertBackedOff(List<Attempt> call) {
        long waited = call.get(call.size() - 1).receivedAt() - call.get(0).receivedAt();
        assertThat(Duration.ofNanos(waited)).as("time between the first and the last attempt")
                .isGreaterThan(Duration.ofMillis(10));
    }

    private void assertAuthorizedBy(Map<String, AttributeValue> item, Timed request, int outcome) {
        List<Map<String, AttributeValue>> events = eventsOf(stack, tenant, request.requestId());
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("decision").s()).isEqualTo("ALLOW");
        assertThat(events.get(0).get("outcome").n()).isEqualTo(Integer.toString(outcome));
        assertThat(item.get("auditEventId").s()).isEqualTo(events.get(0).get("eventId").s());
    }

    private Map<String, AttributeValue> r1() {
        return record(stack, tenant, "orders", "r1").orElseThrow();
    }

    @Nested
    class WhenThrottlingIsTransient {

        @Test
        void aDataWriteThrottledTwice_shouldSucceedOnItsThirdAttempt_afterBackingOff() {
            proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED, Match.call("PutItem", data), 2);

            Timed put = timed(api, "PUT", "/namespaces/orders/records/t1", admin, "{\"v\":1}");

            assertThat(put.status()).as(put.response().body()).isEqualTo(201);
            List<List<Attempt>> writes = proxy.callsOf("PutItem", data);
            assertThat(writes).hasSize(1);
            assertThat(writes.get(0)).extracting(Attempt::fault).containsExactly(
                    Fault.PROVISIONED_THROUGHPUT_EXCEEDED, Fault.PROVISIONED_THROUGHPUT_EXCEEDED, null);
            assertBackedOff(writes.get(0));
            assertEveryCallWithinMaxAttempts();
            assertAuthorizedBy(record(stack, tenant, "orders", "t1").orElseThrow(), put, 201);
            report.add("2.1", "DynamoDB throttling, transient: the data write answers "
                            + "`ProvisionedThroughputExceededException` twice", "1 record create",
                    "201", "3 attempts on the throttled call, spaced by backoff; every call ≤ 3 attempts; the "
                            + "record carries its request's audit event", "pass");
        }

        @Test
        void anAuditWriteThrottledTwice_shouldSucceedOnItsThirdAttempt_withExactlyOneEvent() {
            proxy.inject(Fault.THROTTLING, Match.call("PutItem", audit).containing(AUDIT_EVENT), 2);

            Timed put = timed(api, "PUT", "/namespaces/orders/records/t2", admin, "{\"v\":1}");

            assertThat(put.status()).as(put.response().body()).isEqualTo(201);
            List<List<Attempt>> auditWrites = proxy.callsOf("PutItem", audit);
            assertThat(auditWrites).hasSize(1);
            assertThat(auditWrites.get(0)).extracting(Attempt::fault)
                    .containsExactly(Fault.THROTTLING, Fault.THROTTLING, null);
            assertBackedOff(auditWrites.get(0));
            assertEveryCallWithinMaxAttempts();
            assertAuthorizedBy(record(stack, tenant, "orders", "t2").orElseThrow(), put, 201);
            report.add("2.2", "DynamoDB throttling, transient: the audit event's put answers `ThrottlingException` "
                            + "twice", "1 record create", "201",
                    "3 attempts, spaced by backoff; exactly one event for the request; the record carries it", "pass");
        }

        @Test
        void aReadThrottledTwice_shouldSucceedOnItsThirdAttempt() {
            proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED, Match.call("GetItem", data), 2);

            Timed get = timed(api, "GET", "/namespaces/orders/records/r1", admin, null);

            assertThat(get.status()).as(get.response().body()).isEqualTo(200);
            assertThat(get.response().json().at("/data/v").asInt()).isEqualTo(1);
            List<List<Attempt>> reads = proxy.callsOf("GetItem", data);
            assertThat(reads.get(0)).extracting(Attempt::fault).containsExactly(
                    Fault.PROVISIONED_THROUGHPUT_EXCEEDED, Fault.PROVISIONED_THROUGHPUT_EXCEEDED, null);
            assertBackedOff(reads.get(0));
            assertEveryCallWithinMaxAttempts();
            report.add("2.3", "DynamoDB throttling, transient: a read answers "
                            + "`ProvisionedThroughputExceededException` twice", "1 record read", "200",
                    "3 attempts, spaced by backoff; the right data", "pass");
        }
    }

    @Nested
    class WhenThrottlingPersists {

        @Test
        void throttledDataWrites_shouldFailWith503AfterThreeAttempts_andLeaveTheRecordAsItWas() {
            Map<String, AttributeValue> before = r1();
            proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED, Match.call("PutItem", data), Integer.MAX_VALUE);

            Timed put = timed(api, "PUT", "/namespaces/orders/records/r1", admin, "{\"v\":2}");

            assertThat(put.status()).as(put.response().body()).isEqualTo(503);
            assertErrorShape(put.response());
            assertThat(put.response().errorCode()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(put.took()).isLessThanOrEqualTo(CALL_TIMEOUT.plus(SLACK));
            List<List<Attempt>> writes = proxy.callsOf("PutItem", data);
            assertThat(writes).singleElement().satisfies(call -> assertThat(call).hasSize(MAX_ATTEMPTS)
                    .allSatisfy(attempt -> assertThat(attempt.fault()).isEqualTo(Fault.PROVISIONED_THROUGHPUT_EXCEEDED)));
            assertEveryCallWithinMaxAttempts();
            proxy.reset();
            assertThat(r1()).isEqualTo(before);
            // the event was written ahead of a write that never happened: allowed by design, and no item carries it
            List<Map<String, AttributeValue>> events = eventsOf(stack, tenant, put.requestId());
            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.get("decision").s()).isEqualTo("ALLOW");
                assertThat(event.get("eventId").s()).isNotEqualTo(before.get("auditEventId").s());
            });
            report.add("2.4", "DynamoDB throttling, persistent: every data write throttled", "1 record update",
                    "503 SERVICE_UNAVAILABLE", "exactly 3 attempts on the write; answered within the call timeout; "
                            + "the record unchanged; its write-ahead event stays without data (allowed)", "pass");
        }

        @Test
        void throttledAuditWrites_shouldFailWith503_andTheDataIsNeverWritten() {
            Map<String, AttributeValue> before = r1();
            proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED, Match.call("PutItem", audit).containing(AUDIT_EVENT),
                    Integer.MAX_VALUE);

            List<Timed> requests = concurrently(
                    () -> timed(api, "PUT", "/namespaces/orders/records/r1", admin, "{\"v\":3}"),
                    () -> timed(api, "PUT", "/namespaces/orders/records/t3", admin, "{\"v\":1}"));
            Timed update = requests.get(0);
            Timed create = requests.get(1);

            for (Timed request : List.of(update, create)) {
                assertThat(request.status()).as(request.response().body()).isEqualTo(503);
                assertErrorShape(request.response());
                assertThat(request.response().errorCode()).isEqualTo("AUDIT_UNAVAILABLE");
                // the event is tried ahead of the data, then once more when the request ends: two bounded calls
                assertThat(request.took()).isLessThanOrEqualTo(CALL_TIMEOUT.multipliedBy(2).plus(SLACK));
            }
            assertThat(proxy.callsOf("PutItem", data)).as("data writes attempted").isEmpty();
            assertThat(proxy.callsOf("PutItem", audit)).hasSize(4)
                    .allSatisfy(call -> assertThat(call).hasSize(MAX_ATTEMPTS));
            proxy.reset();
            assertThat(r1()).isEqualTo(before);
            assertThat(record(stack, tenant, "orders", "t3")).isEmpty();
            assertThat(eventsOf(stack, tenant, update.requestId())).isEmpty();
            assertThat(eventsOf(stack, tenant, create.requestId())).isEmpty();
            report.add("2.5", "DynamoDB throttling, persistent: every audit event put throttled",
                    "1 record update, 1 record create", "503 AUDIT_UNAVAILABLE",
                    "no data write attempted at all; 3 attempts per audit put; record unchanged, nothing created, "
                            + "no event", "pass");
        }

        @Test
        void everyTenantTableCallThrottled_shouldFailReadsAndWritesWith503_withinTheBound() {
            Map<String, AttributeValue> before = r1();
            proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED, Match.table(data), Integer.MAX_VALUE);
            proxy.inject(Fault.THROTTLING, Match.table(audit), Integer.MAX_VALUE);

            List<Timed> requests = concurrently(
                    () -> timed(api, "GET", "/namespaces/orders/records/r1", admin, null),
                    () -> timed(api, "PUT", "/namespaces/orders/records/r1", admin, "{\"v\":4}"),
                    () -> timed(api, "GET", "/namespaces", admin, null));

            assertThat(requests).allSatisfy(request -> {
                FaultChecks.assertUnavailable(request.response());
                assertThat(request.took()).isLessThanOrEqualTo(CALL_TIMEOUT.multipliedBy(2).plus(SLACK));
            });
            TreeSet<String> codes = new TreeSet<>();
            requests.forEach(request -> codes.add("503 " + request.response().errorCode()));
            assertThat(proxy.callsOf("PutItem", data)).isEmpty();
            assertEveryCallWithinMaxAttempts();
            proxy.reset();
            assertThat(r1()).isEqualTo(before);
            report.add("2.6", "DynamoDB throttling, persistent: every call to the data and audit tables",
                    "2 reads, 1 record update", String.join(", ", codes),
                    "every call ≤ 3 attempts; answered within two call timeouts; no data write attempted", "pass");
        }

        @Test
        void aThrottledTenantRegistry_shouldFailClosedAtIngress_andTouchNoTenantTable() {
            proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED, Match.table(registry), Integer.MAX_VALUE);

            Timed get = timed(api, "GET", "/namespaces/orders/records/r1", admin, null);

            // the authorizer lets nothing pass when it cannot read the registry (ingress/package-info.java)
            assertThat(get.status()).isEqualTo(503);
            assertErrorShape(get.response());
            assertThat(get.requestId()).as("the gateway's refusal names its request").isNotNull();
            assertThat(FunctionAnswers.requestIds(stack)).as("no function ran").doesNotContain(get.requestId());
            assertThat(get.response().answeredByAFunction()).as("no function ran").isFalse();
            assertThat(get.response().gatewayResponse()).isEqualTo("AUTHORIZER_CONFIGURATION_ERROR");
            assertThat(get.response().body()).doesNotContain("\"v\"");
            assertThat(proxy.attempts()).extracting(Attempt::table).containsOnly(registry);
            assertThat(proxy.calls().values()).singleElement().satisfies(call -> assertThat(call).hasSize(MAX_ATTEMPTS));
            report.add("2.7", "DynamoDB throttling, persistent: the tenant registry (read by the authorizer)",
                    "1 record read", get.status() + " " + get.response().errorCode() + " from the gateway",
                    "fail-closed: no function ran, no tenant table touched, no data in the answer; 3 attempts",
                    "pass: a retryable 503 and no cached Deny (found here and fixed: it was a 403 Deny, which API "
                            + "Gateway would have cached for the token)");
        }

        @Test
        void aThrottledTenantRegistry_shouldAnswer503_soThatTheClientRetries_notA403() {
            proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED, Match.table(registry), Integer.MAX_VALUE);

            Timed get = timed(api, "GET", "/namespaces/orders/records/r1", admin, null);

            assertThat(get.status()).isEqualTo(503);
            assertThat(get.response().errorCode()).isEqualTo("SERVICE_UNAVAILABLE");
        }

        @Test
        void aThrottledTenantRegistry_shouldBeAnsweredAsTheDeployedGatewayAnswersAFailingAuthorizer() {
            proxy.inject(Fault.PROVISIONED_THROUGHPUT_EXCEEDED, Match.table(registry), Integer.MAX_VALUE);
            GatewayResponse deployed = GatewayResponse.AUTHORIZER_CONFIGURATION_ERROR;

            Timed get = timed(api, "GET", "/namespaces/orders/records/r1", admin, null);

            assertThat(get.status()).isEqualTo(deployed.status());
            assertThat(get.response().errorCode()).isEqualTo(deployed.code());
            assertThat(get.response().json().at("/error/message").asText()).isEqualTo(deployed.message());
        }
    }

    @Nested
    class WhenACallHangs {

        @Test
        void aReadThatHangsOnce_shouldBeAbandonedAtTheAttemptTimeout_andRetried() {
            proxy.inject(Fault.HANG, Match.call("GetItem", data), 1);

            Timed get = timed(api, "GET", "/namespaces/orders/records/r1", admin, null);

            assertThat(get.status()).as(get.response().body()).isEqualTo(200);
            assertThat(get.took()).isGreaterThanOrEqualTo(ATTEMPT_TIMEOUT).isLessThan(CALL_TIMEOUT);
            assertThat(proxy.callsOf("GetItem", data).get(0)).extracting(Attempt::fault).containsExactly(Fault.HANG, null);
            report.add("2.8", "A read held past the 2 s attempt timeout, once", "1 record read", "200",
                    "abandoned at the attempt timeout and retried: 2 attempts; answered within the call timeout",
                    "pass");
        }

        @Test
        void aDataWriteThatHangsOnEveryAttempt_shouldFailWith503WithinTheCallTimeout_andChangeNothing() {
            Map<String, AttributeValue> before = r1();
            proxy.inject(Fault.HANG, Match.call("PutItem", data), Integer.MAX_VALUE);

            Timed put = timed(api, "PUT", "/namespaces/orders/records/r1", admin, "{\"v\":5}");

            assertThat(put.status()).as(put.response().body()).isEqualTo(503);
            assertErrorShape(put.response());
            assertThat(put.response().errorCode()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(put.took()).isGreaterThanOrEqualTo(CALL_TIMEOUT).isLessThanOrEqualTo(CALL_TIMEOUT.plus(SLACK));
            assertThat(proxy.callsOf("PutItem", data)).singleElement()
                    .satisfies(call -> assertThat(call).hasSizeBetween(2, MAX_ATTEMPTS));
            proxy.reset();
            assertThat(r1()).isEqualTo(before);
            report.add("2.9", "A data write held on every attempt (never reaches dynalite)", "1 record update",
                    "503 SERVICE_UNAVAILABLE", "answered at the 6 s call timeout, not later; ≤ 3 attempts; the record "
                            + "unchanged", "pass");
        }
    }
}
