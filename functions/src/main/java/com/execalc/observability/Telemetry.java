package com.execalc.observability;

import com.execalc.audit.AuditEvent;
import com.execalc.audit.AuditTrail;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * Writes a function's structured lines: one per request (also an EMF document with the metrics {@code Requests},
 * {@code Denials}, {@code ClientErrors}, {@code ServerErrors} and {@code Latency} by function and by function and
 * route), one per audit event, one per tampering with the audit table that the shipper sees (an EMF document
 * counting {@value #AUDIT_TAMPER_METRIC}), one per failed fetch of the issuer's signing keys (EMF, by function), and
 * one per digester run (EMF, by function).
 */
public final class Telemetry {

    /** The CloudWatch metric namespace. */
    public static final String NAMESPACE = "Execalc";

    /** The metric of changes to the audit table that no code makes (see {@link #auditTampering}), by function. */
    public static final String AUDIT_TAMPER_METRIC = "AuditTamper";
    /** The metric of the digests a digester run wrote. */
    public static final String DIGESTS_WRITTEN = "DigestsWritten";
    /** The metric of the tenants a digester run failed to digest. */
    public static final String DIGEST_FAILURES = "DigestFailures";
    /** The metric of failed fetches of the issuer's signing keys. */
    public static final String SIGNING_KEYS_UNREACHABLE = "SigningKeysUnreachable";

    private final LogSink sink;
    private final String function;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    /** @param function the function's short name, e.g. {@code tenant-api}: a metric dimension */
    public Telemetry(LogSink sink, String function) {
        this.sink = sink;
        this.function = function;
    }

    /** The line of one finished request. */
    public void request(RequestOutcome outcome, String requestId, int status, long latencyMillis, Instant at) {
        ObjectNode line = nodes.objectNode();
        ObjectNode directive = line.putObject("_aws").put("Timestamp", at.toEpochMilli())
                .putArray("CloudWatchMetrics").addObject().put("Namespace", NAMESPACE);
        ArrayNode dimensions = directive.putArray("Dimensions");
        dimensions.addArray().add("Function");
        dimensions.addArray().add("Function").add("Route");
        ArrayNode metrics = directive.putArray("Metrics");
        for (String count : new String[] {"Requests", "Denials", "ClientErrors", "ServerErrors"}) {
            metrics.addObject().put("Name", count).put("Unit", "Count");
        }
        metrics.addObject().put("Name", "Latency").put("Unit", "Milliseconds");
        line.put("type", "request")
                .put("Function", function)
                .put("Route", outcome.route())
                .put("tenantId", outcome.tenantId())
                .put("requestId", requestId)
                .put("status", status)
                .put("decision", outcome.decision())
                .put("latencyMs", latencyMillis)
                .put("Requests", 1)
                .put("Denials", "DENY".equals(outcome.decision())
                        || RequestOutcome.UNAUTHENTICATED.equals(outcome.decision()) ? 1 : 0)
                .put("ClientErrors", status >= 400 && status < 500 ? 1 : 0)
                .put("ServerErrors", status >= 500 ? 1 : 0)
                .put("Latency", latencyMillis);
        if (outcome.reason() != null) {
            line.put("reason", outcome.reason());
        }
        sink.write(line.toString());
    }

    /**
     * The line of one failed fetch of the issuer's signing keys (JWKS), an EMF document with the metric
     * {@value #SIGNING_KEYS_UNREACHABLE} by function, which the deployment alarms on.
     *
     * @param servedFromCache whether keys fetched before still verified tokens (a tolerated outage)
     */
    public void signingKeysUnreachable(boolean servedFromCache, Instant at) {
        ObjectNode line = nodes.objectNode();
        ObjectNode directive = line.putObject("_aws").put("Timestamp", at.toEpochMilli())
                .putArray("CloudWatchMetrics").addObject().put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Function");
        directive.putArray("Metrics").addObject().put("Name", SIGNING_KEYS_UNREACHABLE).put("Unit", "Count");
        line.put("type", "signing-keys")
                .put("Function", function)
                .put("servedFromCache", servedFromCache)
                .put(SIGNING_KEYS_UNREACHABLE, 1);
        sink.write(line.toString());
    }

    /** The line of one written audit event: who did what to what, and the decision; never its details. */
    public void auditEvent(AuditEvent event) {
        ObjectNode line = nodes.objectNode().put("type", "audit");
        line.setAll(AuditTrail.toJson(event, false));
        sink.write(line.toString());
    }

    /**
     * The line of one change to the audit table that is neither an insert nor a TTL expiry: an EMF document counting
     * {@value #AUDIT_TAMPER_METRIC} by function, with the item's key and the kind of change, never the item itself
     * (whoever changed it chose its contents).
     *
     * @param tenantId the tenant whose partition holds the item, or {@code null}
     */
    public void auditTampering(String eventName, String tenantId, String partitionKey, String sortKey,
                               String sequenceNumber, Instant at) {
        ObjectNode line = nodes.objectNode();
        ObjectNode directive = line.putObject("_aws").put("Timestamp", at.toEpochMilli())
                .putArray("CloudWatchMetrics").addObject().put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Function");
        directive.putArray("Metrics").addObject().put("Name", AUDIT_TAMPER_METRIC).put("Unit", "Count");
        line.put("type", "tamper")
                .put("Function", function)
                .put("tenantId", tenantId)
                .put("eventName", eventName)
                .put("pk", partitionKey)
                .put("sk", sortKey)
                .put("sequenceNumber", sequenceNumber)
                .put(AUDIT_TAMPER_METRIC, 1);
        sink.write(line.toString());
    }

    /**
     * The line of one digester run: an EMF document counting {@value #DIGESTS_WRITTEN} and
     * {@value #DIGEST_FAILURES} (tenants whose digests the run could not write), by function, and one line per failing
     * tenant naming it and why, so that the alarm on failures leads to the tenant.
     */
    public void digestRun(String runId, int tenants, int digests, List<String> failures, long latencyMillis,
                          Instant at) {
        ObjectNode line = nodes.objectNode();
        ObjectNode directive = line.putObject("_aws").put("Timestamp", at.toEpochMilli())
                .putArray("CloudWatchMetrics").addObject().put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Function");
        ArrayNode metrics = directive.putArray("Metrics");
        metrics.addObject().put("Name", DIGESTS_WRITTEN).put("Unit", "Count");
        metrics.addObject().put("Name", DIGEST_FAILURES).put("Unit", "Count");
        line.put("type", "digest-run")
                .put("Function", function)
                .put("requestId", runId)
                .put("tenants", tenants)
                .put("latencyMs", latencyMillis)
                .put(DIGESTS_WRITTEN, digests)
                .put(DIGEST_FAILURES, failures.size());
        sink.write(line.toString());
        failures.forEach(failure -> sink.write(nodes.objectNode()
                .put("type", "digest-failure")
                .put("Function", function)
                .put("requestId", runId)
                .put("failure", failure)
                .toString()));
    }

    /** A line about a failure inside the function: its error code and exception class, never its message. */
    public void failure(String requestId, String code, Throwable failure) {
        sink.write(nodes.objectNode()
                .put("type", "error")
                .put("Function", function)
                .put("requestId", requestId)
                .put("error", code)
                .put("exception", failure.getClass().getName())
                .toString());
    }
}
