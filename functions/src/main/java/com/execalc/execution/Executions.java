package com.execalc.execution;

import com.execalc.access.Condition;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantKeys;
import com.execalc.access.TenantTable;
import com.execalc.audit.EventIds;
import com.execalc.audit.RequestAudit;
import com.execalc.data.Namespaces;
import com.execalc.governance.Permit;
import com.execalc.governance.PolicySettings;
import com.execalc.governance.RiskLevel;
import com.execalc.tenancy.ExecutionId;
import com.execalc.tenancy.NamespaceId;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs governed executions in the caller's namespaces and reads them back. */
public final class Executions {

    private final Namespaces namespaces;
    private final EventIds ids;
    private final Clock clock;

    public Executions(Namespaces namespaces, EventIds ids, Clock clock) {
        this.namespaces = namespaces;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Checks the model at the boundary, ranks it when the boundary allows a ranking, and stores the execution with its
     * audit event written first.
     *
     * <p>A namespace delete may begin between the check of the namespace and the put: the namespace is checked
     * again after the put, and an execution written into a namespace that is being deleted (or was deleted and made
     * again) is taken back out, exactly as a record is, so that a delete that succeeds leaves none behind.
     *
     * @param effective the tenant's effective policy of this request
     * @throws com.execalc.data.NamespaceNotFoundException     when the namespace does not exist
     * @throws com.execalc.data.NamespaceBeingDeletedException when it is being deleted, before or during the run
     */
    public Execution run(TenantDynamoDb db, RequestAudit audit, Permit permit, NamespaceId namespace,
                         DecisionModel model, PolicySettings effective) {
        Namespaces.Namespace into = namespaces.requireWritable(db, namespace);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ExecutionBoundary.Verdict verdict = ExecutionBoundary.check(model, effective, now);
        List<Ranking.Ranked> ranking = verdict.ranked() ? Ranking.rank(model) : null;
        ExecutionId id = ExecutionId.of(ids.next(now));
        audit.resource(namespace.value() + "/" + id.value());
        audit.detail("executionStatus", verdict.status().name());
        audit.detail("executionReasons", String.join(",", verdict.reasons()));
        String eventId = audit.writeAhead(permit, 201);
        Execution execution = new Execution(id, namespace, model.objective(), model.riskPosture(), verdict.status(),
                verdict.reasons(), ranking, now, eventId);
        TenantKeys.ItemKey key = db.keys().execution(namespace, id);
        db.put(TenantTable.DATA, key, toItem(execution, into),
                Condition.itemAbsent().orWrittenBy("auditEventId", eventId));
        namespaces.keepOnlyIfStillWritable(db, permit, into, key, eventId);
        return execution;
    }

    /**
     * @throws com.execalc.data.NamespaceNotFoundException when the namespace does not exist: what it left behind is
     *                                                     never read
     * @throws ExecutionNotFoundException                  when there is no such execution in it
     */
    public Execution get(TenantDynamoDb db, NamespaceId namespace, ExecutionId id) {
        Namespaces.Namespace in = namespaces.requireExists(db, namespace);
        return db.get(TenantTable.DATA, db.keys().execution(namespace, id)).filter(in::owns)
                .map(Executions::fromItem)
                .orElseThrow(() -> new ExecutionNotFoundException(namespace, id));
    }

    private static Map<String, AttributeValue> toItem(Execution execution, Namespaces.Namespace into) {
        Map<String, AttributeValue> item = new HashMap<>();
        into.stamp(item);
        item.put("executionId", AttributeValue.fromS(execution.executionId().value()));
        item.put("namespace", AttributeValue.fromS(execution.namespace().value()));
        item.put("objective", AttributeValue.fromS(execution.objective()));
        item.put("riskPosture", AttributeValue.fromS(execution.riskPosture().wireName()));
        item.put("status", AttributeValue.fromS(execution.status().name()));
        item.put("reasons", AttributeValue.fromL(execution.reasons().stream().map(AttributeValue::fromS).toList()));
        if (execution.ranking() != null) {
            item.put("ranking", AttributeValue.fromL(execution.ranking().stream().map(ranked ->
                    AttributeValue.fromM(Map.of(
                            "option", AttributeValue.fromS(ranked.option()),
                            "score", AttributeValue.fromS(ranked.score().toPlainString()),
                            "feasible", AttributeValue.fromBool(ranked.feasible())))).toList()));
        }
        item.put("createdAt", AttributeValue.fromS(execution.createdAt().toString()));
        item.put("auditEventId", AttributeValue.fromS(execution.auditEventId()));
        return item;
    }

    private static Execution fromItem(Map<String, AttributeValue> item) {
        List<Ranking.Ranked> ranking = item.containsKey("ranking")
                ? item.get("ranking").l().stream().map(entry -> new Ranking.Ranked(entry.m().get("option").s(),
                        new BigDecimal(entry.m().get("score").s()), entry.m().get("feasible").bool())).toList()
                : null;
        return new Execution(ExecutionId.of(item.get("executionId").s()), NamespaceId.of(item.get("namespace").s()),
                item.get("objective").s(), RiskLevel.fromWireName(item.get("riskPosture").s()).orElseThrow(),
                ExecutionBoundary.Status.valueOf(item.get("status").s()),
                item.get("reasons").l().stream().map(AttributeValue::s).toList(), ranking,
                Instant.parse(item.get("createdAt").s()), item.get("auditEventId").s());
    }
}
