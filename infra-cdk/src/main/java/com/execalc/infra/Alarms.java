package com.execalc.infra;

import com.execalc.api.AuditDigesterHandler;
import com.execalc.api.AuditShipperHandler;
import com.execalc.api.AuthorizerHandler;
import com.execalc.observability.RequestOutcome;
import com.execalc.observability.Telemetry;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.constructs.Construct;

import java.util.Map;

/**
 * The alarms an operator of the platform needs first. They have no actions: subscribe a topic or an incident tool to
 * them per deployment (docs/DEPLOY.md).
 *
 * <ul>
 *   <li>any 5xx from the API in five minutes: in this system a 5xx can be a refused isolation breach
 *       ({@code TENANT_BOUNDARY_VIOLATION}, {@code ISOLATION_BREACH}), an audit outage or an authorizer failure;</li>
 *   <li>the authorizer failing to fetch the token issuer's signing keys, whether or not cached keys still served;</li>
 *   <li>authorizer errors other than rejected tokens (a rejected token is a Lambda error too, because API Gateway
 *       answers 401 only when the authorizer fails with {@code Unauthorized}; those invocations log the marker
 *       {@code "decision":"UNAUTHENTICATED"} in their request line and are subtracted);</li>
 *   <li>audit shipper errors, batches that exhausted their retries, and a stream falling behind;</li>
 *   <li>audit digester runs that fail, and tenants a run could not digest;</li>
 *   <li>any tampering with the insert-only audit table that the shipper sees (a change or removal other than TTL).</li>
 * </ul>
 */
public final class Alarms extends Construct {

    /** The decision the authorizer's request line carries for a rejected token. */
    public static final String UNAUTHORIZED_MARKER = RequestOutcome.UNAUTHENTICATED;

    /** The custom metric namespace. */
    public static final String NAMESPACE = Telemetry.NAMESPACE;

    private static final Duration PERIOD = Duration.minutes(5);

    public Alarms(Construct scope, String id, ExecalcApi api, ExecalcFunctions functions, AuditPipeline audit) {
        super(scope, id);
        MetricOptions sum = MetricOptions.builder().period(PERIOD).statistic("Sum").build();

        alarm("Api5xx", api.api().metricServerError(sum), 1,
                "The API answered a 5xx: an isolation refusal, an audit outage or a failing function");

        MetricFilter rejectedTokens = MetricFilter.Builder.create(this, "RejectedTokens")
                .logGroup(functions.logGroup(functions.authorizer()))
                .filterPattern(FilterPattern.stringValue("$.decision", "=", UNAUTHORIZED_MARKER))
                .metricNamespace(NAMESPACE)
                .metricName("AuthorizerRejectedTokens")
                .metricValue("1")
                .defaultValue(0)
                .build();
        alarm("AuthorizerErrors", MathExpression.Builder.create()
                        .expression("FILL(errors, 0) - FILL(rejected, 0)")
                        .usingMetrics(Map.of(
                                "errors", functions.authorizer().metricErrors(sum),
                                "rejected", rejectedTokens.metric(sum)))
                        .label("Authorizer errors other than rejected tokens")
                        .period(PERIOD)
                        .build(), 1,
                "The authorizer failed for a reason other than a rejected token (the client got the retryable 503)");

        // counted by the authorizer itself (Telemetry): a tolerated outage (cached keys still verify) counts too
        alarm("SigningKeysUnreachable", Metric.Builder.create()
                        .namespace(NAMESPACE)
                        .metricName(Telemetry.SIGNING_KEYS_UNREACHABLE)
                        .dimensionsMap(Map.of("Function", AuthorizerHandler.FUNCTION))
                        .period(PERIOD)
                        .statistic("Sum")
                        .build(), 1,
                "The authorizer could not fetch the token issuer's signing keys (JWKS): keys fetched before verify "
                        + "tokens for at most an hour, then every request is a 503 until the JWKS is reachable");

        alarm("AuditShipperErrors", functions.auditShipper().metricErrors(sum), 1,
                "The audit shipper failed a whole invocation");
        alarm("AuditShipperExhaustedRetries", audit.shipperFailures().metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().period(PERIOD).statistic("Maximum").build()), 1,
                "Audit stream batches exhausted their retries: re-ship them from the audit table (docs/DEPLOY.md)");
        alarm("AuditTampering", Metric.Builder.create()
                        .namespace(NAMESPACE)
                        .metricName(Telemetry.AUDIT_TAMPER_METRIC)
                        .dimensionsMap(Map.of("Function", AuditShipperHandler.FUNCTION))
                        .period(PERIOD)
                        .statistic("Sum")
                        .build(), 1,
                "An audit item was changed or removed other than by its TTL: the audit table is insert-only, so "
                        + "someone with write access altered the record (the shipper's log names the item)");
        alarm("AuditDigesterErrors", functions.auditDigester().metricErrors(sum), 1,
                "An audit digester run failed as a whole (the registry's directory unreachable, a timeout): the next "
                + "run catches up");
        alarm("AuditDigestFailures", Metric.Builder.create()
                        .namespace(NAMESPACE).metricName(Telemetry.DIGEST_FAILURES)
                        .dimensionsMap(Map.of("Function", AuditDigesterHandler.FUNCTION))
                        .period(PERIOD).statistic("Sum").build(), 1,
                "The audit digester could not digest some tenant (its log's digest-failure line names the tenant "
                + "and why): that tenant's digests wait until it can");
        alarm("AuditShipperIteratorAge", functions.auditShipper().metric("IteratorAge",
                        MetricOptions.builder().period(PERIOD).statistic("Maximum").build()),
                Duration.minutes(5).toMilliseconds(),
                "The audit shipper is more than five minutes behind the audit table");
    }

    private void alarm(String id, IMetric metric, Number threshold, String description) {
        Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
    }
}
