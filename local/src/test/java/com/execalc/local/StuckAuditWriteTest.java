package com.execalc.local;

import com.execalc.local.FaultChecks.Timed;
import com.execalc.local.FaultProxy.Attempt;
import com.execalc.local.FaultProxy.Fault;
import com.execalc.local.FaultProxy.Match;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static com.execalc.local.FaultChecks.CALL_TIMEOUT;
import static com.execalc.local.FaultChecks.MAX_ATTEMPTS;
import static com.execalc.local.FaultChecks.SLACK;
import static com.execalc.local.FaultChecks.assertErrorShape;
import static com.execalc.local.FaultChecks.concurrently;
import static com.execalc.local.FaultChecks.timed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stuck or failing audit write makes the mutation fail with 503, never proceed: for every kind of mutation (record
 * create, update and delete, namespace create and delete, execution, policy change) the audit event's put is held past
 * the call timeout, answered with server errors, or rejected, and the data table must not change; the proxy shows that
 * no data write was even attempted.
 */
@ExtendWith(FaultProxyCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StuckAuditWriteTest {

    private static final String AUDIT_EVENT = "\"action\"";
    private static final Set<String> DATA_WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem");
    private static final String EXECUTION = "{\"objective\":\"pick a supplier\","
            + "\"criteria\":[{\"name\":\"cost\",\"weight\":1,\"direction\":\"min\"}],"
            + "\"options\":[{\"name\":\"A\",\"scores\":{\"cost\":1}},{\"name\":\"B\",\"scores\":{\"cost\":2}}],"
            + "\"riskPosture\":\"low\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}";

    private final FaultProxy proxy;
    private final LocalCloud stack;
    private final ApiClient api;
    private final String tenant;
    private final String admin;
    private final FaultReport.Rows report = new FaultReport.Rows();

    StuckAuditWriteTest(LocalCloud stack, FaultProxy proxy, RegisteredTenant tenant) {
        this.stack = stack;
        this.proxy = proxy;
        this.api = tenant.api();
        this.tenant = tenant.id();
        this.admin = tenant.admin();
    }

    @BeforeAll
    void giveTheTenantData() {
        require("PUT", "/namespaces/orders", null, 201);
        require("PUT", "/namespaces/spare", null, 201);
        require("PUT", "/namespaces/orders/records/r1", "{\"v\":1}", 201);
        require("PUT", "/namespaces/orders/records/r2", "{\"v\":1}", 201);
        require("PUT", "/governance/policy", "{\"maxRecordBytes\":60000}", 200);
    }

    @AfterAll
    void writeTheReport() {
        report.write();
    }

    private void require(String method, String path, String body, int status) {
        ApiClient.Response response = api.send(method, path, admin, body, Map.of());
        assertThat(response.status()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
    }

    private Map<String, Map<String, AttributeValue>> dataItems() {
        return FaultChecks.dataItems(stack.adminDynamoDb(), stack.tables().data(),
                List.of(tenant, tenant + "#orders", tenant + "#spare", tenant + "#invoices"));
    }

    private Set<String> eventIds() {
        return FaultChecks.eventsById(stack, tenant).keySet();
    }

    /** One of each kind of mutation, all at once. */
    private List<Timed> everyKindOfMutation() {
        List<Supplier<Timed>> mutations = List.of(
                () -> timed(api, "PUT", "/namespaces/orders/records/new", admin, "{\"v\":1}"),
                () -> timed(api, "PUT", "/namespaces/orders/records/r1", admin, "{\"v\":2}"),
                () -> timed(api, "DELETE", "/namespaces/orders/records/r2", admin, null),
                () -> timed(api, "PUT", "/namespaces/invoices", admin, null),
                () -> timed(api, "DELETE", "/namespaces/spare", admin, null),
                () -> timed(api, "POST", "/namespaces/orders/executions", admin, EXECUTION),
                () -> timed(api, "PUT", "/governance/policy", admin, "{\"maxRecordBytes\":50000}"));
        @SuppressWarnings("unchecked")
        Supplier<Timed>[] all = mutations.toArray(Supplier[]::new);
        return concurrently(all);
    }

    /**
     * The same seven mutations under one kind of audit failure; each subclass says which, and how many attempts the
     * SDK makes per audit put under it.
     */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract class MutationsUnderAFailingAuditWrite {

        private Map<String, Map<String, AttributeValue>> dataBefore;
        private Set<String> eventsBefore;
        private List<Timed> answers;
        private List<List<Attempt>> auditPuts;
        private List<Attempt> dataWrites;

        abstract Fault fault();

        abstract int minAttempts();

        /** The attempts per audit put, in words. */
        abstract String attempts();

        abstract String row();

        abstract String description();

        @BeforeAll
        void sendEveryKindOfMutation() {
            proxy.reset();
            dataBefore = dataItems();
            eventsBefore = eventIds();
            proxy.inject(fault(), Match.call("PutItem", stack.tables().audit()).containing(AUDIT_EVENT),
                    Integer.MAX_VALUE);

            answers = everyKindOfMutation();

            auditPuts = proxy.callsOf("PutItem", stack.tables().audit());
            dataWrites = proxy.attempts().stream()
                    .filter(attempt -> attempt.table().equals(stack.tables().data())
                            && DATA_WRITES.contains(attempt.operation()))
                    .toList();
            proxy.reset();
        }

        @Test
        void everyMutation_shouldFailWith503AuditUnavailable_inTheJsonErrorShape() {
            assertThat(answers).hasSize(7).allSatisfy(answer -> {
                assertThat(answer.status()).as(answer.response().body()).isEqualTo(503);
                assertErrorShape(answer.response());
                assertThat(answer.response().errorCode()).isEqualTo("AUDIT_UNAVAILABLE");
            });
        }

        @Test
        void everyMutation_shouldAnswerWithinTwoCallTimeouts() {
            // the event is tried ahead of the data, and once more when the request ends
            assertThat(answers).allSatisfy(answer ->
                    assertThat(answer.took()).isLessThanOrEqualTo(CALL_TIMEOUT.multipliedBy(2).plus(SLACK)));
        }

        @Test
        void noDataWrite_shouldEvenBeAttempted() {
            assertThat(dataWrites).isEmpty();
        }

        @Test
        void theDataTable_shouldBeExactlyAsBefore() {
            assertThat(dataItems()).isEqualTo(dataBefore);
        }

        @Test
        void noEvent_shouldBeStored() {
            assertThat(eventIds()).isEqualTo(eventsBefore);
        }

        @Test
        void everyAuditPut_shouldBeBoundedByTheRetryStrategy() {
            // two puts per request: ahead of the data, and when the request ends
            assertThat(auditPuts).hasSize(14).allSatisfy(call ->
                    assertThat(call).hasSizeBetween(minAttempts(), MAX_ATTEMPTS));
            report.add(row(), description(), "7 mutations at once: record create, update, delete; namespace "
                            + "create, delete; execution; policy change", "503 AUDIT_UNAVAILABLE (7 of 7)",
                    "no data write attempted (0 data-table writes at the proxy); data table and audit partition "
                            + "unchanged; " + attempts() + " per audit put, 2 puts per request; each answered "
                            + "within two call timeouts", "pass");
        }
    }

    @Nested
    class WhenTheAuditWriteHangs extends MutationsUnderAFailingAuditWrite {
        @Override
        Fault fault() {
            return Fault.HANG;
        }

        @Override
        int minAttempts() {
            return 2; // the call timeout (6 s) may cut the third attempt short of the attempt timeout (2 s each)
        }

        @Override
        String attempts() {
            return "2 or 3 attempts (each abandoned at the attempt timeout, the last cut by the call timeout)";
        }

        @Override
        String row() {
            return "3.1";
        }

        @Override
        String description() {
            return "Stuck audit write: the event's put never answers";
        }
    }

    @Nested
    class WhenTheAuditWriteFailsWithServerErrors extends MutationsUnderAFailingAuditWrite {
        @Override
        Fault fault() {
            return Fault.INTERNAL_SERVER_ERROR;
        }

        @Override
        int minAttempts() {
            return MAX_ATTEMPTS;
        }

        @Override
        String attempts() {
            return "3 attempts";
        }

        @Override
        String row() {
            return "3.2";
        }

        @Override
        String description() {
            return "Failing audit write: the event's put answers HTTP 500 `InternalServerError`";
        }
    }

    @Nested
    class WhenTheAuditWriteIsRejected extends MutationsUnderAFailingAuditWrite {
        @Override
        Fault fault() {
            return Fault.VALIDATION;
        }

        @Override
        int minAttempts() {
            return 1;
        }

        @Override
        String attempts() {
            return "1 attempt (not retryable)";
        }

        @Override
        String row() {
            return "3.3";
        }

        @Override
        String description() {
            return "Rejected audit write: the event's put answers HTTP 400 `ValidationException` (not retryable)";
        }
    }

    @Nested
    class WhenTheAuditWriteHangsOnce {

        @Test
        void theMutation_shouldProceedOnTheRetry_withExactlyOneEvent_thatItsDataCarries() {
            proxy.reset();
            proxy.inject(Fault.HANG, Match.call("PutItem", stack.tables().audit()).containing(AUDIT_EVENT), 1);

            Timed put = timed(api, "PUT", "/namespaces/orders/records/later", admin, "{\"v\":1}");

            assertThat(put.status()).as(put.response().body()).isEqualTo(201);
            assertThat(proxy.callsOf("PutItem", stack.tables().audit())).singleElement()
                    .satisfies(call -> assertThat(call).extracting(Attempt::fault).containsExactly(Fault.HANG, null));
            proxy.reset();
            List<Map<String, AttributeValue>> events = FaultChecks.eventsOf(stack, tenant, put.requestId());
            assertThat(events).singleElement().satisfies(event -> assertThat(event.get("eventId").s()).isEqualTo(
                    FaultChecks.record(stack, tenant, "orders", "later").orElseThrow().get("auditEventId").s()));
            report.add("3.4", "Audit write held once past the attempt timeout", "1 record create", "201",
                    "retried: 2 attempts; exactly one event; the record carries it", "pass");
        }
    }
}
