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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Runs governed executions in the caller's namespaces, lists and reads them back, and records their reviews. */
public final class Executions {

    private static final String STATUS = "status";
    private static final String REASONS = "reasons";
    private static final String RANKING = "ranking";
    private static final String RUN_BY = "runBy";
    private static final String POLICY_VERSION = "policyVersion";
    private static final String REQUIRED_APPROVALS = "requiredApprovals";
    private static final String EXPIRES_AT = "expiresAt";
    private static final String OPTION_COUNT = "optionCount";
    private static final String CRITERIA_COUNT = "criteriaCount";
    /** The reviews, a map from reviewer to review, so that one reviewer has at most one. */
    private static final String REVIEWS = "reviews";
    private static final String REVIEW_COUNT = "reviewCount";
    /** The audit event of the latest review, which a retried review's condition recognises as its own. */
    private static final String REVIEW_EVENT = "reviewEventId";

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
     * @param effective     the tenant's effective policy of this request
     * @param policyVersion the version of the tenant policy {@code effective} was computed from, stored with the
     *                      execution for the re-check at approval
     * @throws com.execalc.data.NamespaceNotFoundException     when the namespace does not exist
     * @throws com.execalc.data.NamespaceBeingDeletedException when it is being deleted, before or during the run
     */
    public Execution run(TenantDynamoDb db, RequestAudit audit, Permit permit, NamespaceId namespace,
                         DecisionModel model, PolicySettings effective, long policyVersion) {
        Namespaces.Namespace into = namespaces.requireWritable(db, namespace);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ExecutionBoundary.Verdict verdict = ExecutionBoundary.check(model, effective, now);
        List<Ranking.Ranked> ranking = verdict.ranked() ? Ranking.rank(model) : null;
        ExecutionId id = ExecutionId.of(ids.next(now));
        audit.resource(namespace.value() + "/" + id.value());
        audit.detail("executionStatus", verdict.status().name());
        audit.detail("executionReasons", String.join(",", verdict.reasons()));
        String eventId = audit.writeAhead(permit, 201);
        Execution.Evaluation evaluated = new Execution.Evaluation(db.context().tenant().subject(), policyVersion,
                effective.requiredApprovals(), model.expiresAt(), model.options().size(), model.criteria().size());
        Execution execution = new Execution(id, namespace, model.objective(), model.riskPosture(), verdict.status(),
                verdict.reasons(), ranking, now, eventId, evaluated, List.of());
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

    /**
     * A page of one namespace's executions, newest first (their ids sort by time), optionally of one status only.
     *
     * @param status only executions in this status, or {@code null} for all
     * @param after  continue after this sort key, or {@code null} from the newest
     * @throws com.execalc.data.NamespaceNotFoundException when the namespace does not exist
     */
    public Page list(TenantDynamoDb db, NamespaceId namespace, ExecutionBoundary.Status status, int limit,
                     String after) {
        Namespaces.Namespace in = namespaces.requireExists(db, namespace);
        Condition filter = in.ownItems();
        if (status != null) {
            filter = filter.and(Condition.of("#status = :status", Map.of("#status", STATUS),
                    Map.of(":status", AttributeValue.fromS(status.name()))));
        }
        // DynamoDB filters within the page, so a page may come back shorter than the limit, with a cursor to the rest
        TenantDynamoDb.Page page = db.query(TenantTable.DATA, db.keys().namespacePartition(namespace),
                TenantDynamoDb.SortKeyRange.beginsWith(TenantKeys.EXECUTION_PREFIX), limit, after, false, filter);
        return new Page(page.items().stream().map(Executions::fromItem).toList(), page.lastSortKey());
    }

    /**
     * A page of executions.
     *
     * @param lastSortKey where the next page starts, or {@code null} after the oldest
     */
    public record Page(List<Execution> executions, String lastSortKey) {
        public Page {
            executions = List.copyOf(executions);
        }
    }

    /** The listing name that cursors of this namespace's executions, with this status filter, are bound to. */
    public static String listingOf(NamespaceId namespace, ExecutionBoundary.Status status) {
        return "executions:" + namespace.value() + ":" + (status == null ? "*" : status.name());
    }

    /** Whether a cursor's sort key can belong to an execution listing. */
    public static boolean isExecutionSortKey(String sortKey) {
        return sortKey.startsWith(TenantKeys.EXECUTION_PREFIX);
    }

    /**
     * What one review would do to an execution as read: a REJECT is final, an approval that completes the quorum is
     * re-checked against the policy of this request, any other approval is counted and the execution still waits.
     *
     * @param currentPolicyVersion the version of the tenant policy that {@code effective} was computed from
     */
    public static ExecutionBoundary.Verdict outcomeOf(Execution current, Execution.ReviewDecision decision,
                                                      PolicySettings effective, long currentPolicyVersion,
                                                      Instant now) {
        if (decision == Execution.ReviewDecision.REJECT) {
            return new ExecutionBoundary.Verdict(ExecutionBoundary.Status.REJECTED, List.of("REJECTED_BY_REVIEW"));
        }
        if (current.approvals() + 1 < current.evaluated().requiredApprovals()) {
            return new ExecutionBoundary.Verdict(current.status(), current.reasons());
        }
        return ExecutionBoundary.recheck(current.evaluated(), effective, currentPolicyVersion, now);
    }

    /**
     * Records one review of an execution that governance allowed this subject to review, as read by this request:
     * its audit event first (naming the execution and the status the review results in), then one conditional update
     * of the execution item that holds only while it is still in ESCALATE, still this namespace's, has no review of
     * this reviewer, and has exactly the reviews read. So of reviewers racing, DynamoDB lets one win; the others
     * change nothing. Their audit events stay (events are insert-only): the reviews that counted are exactly the
     * events the execution's reviews name.
     *
     * @param current              the execution as this request read it, in ESCALATE
     * @param currentPolicyVersion the version of the tenant policy that {@code effective} was computed from
     * @throws NotPendingReviewException  when a racing review took it out of ESCALATE first
     * @throws AlreadyReviewedException   when a racing review of the same reviewer came first
     * @throws ReviewConflictException    when another review came in between
     */
    public Execution review(TenantDynamoDb db, RequestAudit audit, Permit permit, Execution current,
                            Execution.ReviewDecision decision, String reason, PolicySettings effective,
                            long currentPolicyVersion) {
        Objects.requireNonNull(permit, "permit");
        Namespaces.Namespace in = namespaces.requireExists(db, current.namespace());
        String reviewer = db.context().tenant().subject();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ExecutionBoundary.Verdict outcome = outcomeOf(current, decision, effective, currentPolicyVersion, now);
        audit.detail("reviewDecision", decision.name());
        audit.detail("executionStatus", outcome.status().name());
        String eventId = audit.writeAhead(permit, 200);
        Execution.Review review = new Execution.Review(reviewer, decision, reason, now, eventId);
        int read = current.reviews().size();
        Map<String, String> names = new HashMap<>(Map.of("#status", STATUS, "#reviews", REVIEWS,
                "#reviewer", reviewer, "#reviewCount", REVIEW_COUNT, "#reasons", REASONS));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":escalate",
                AttributeValue.fromS(ExecutionBoundary.Status.ESCALATE.name()),
                ":next", AttributeValue.fromN(Integer.toString(read + 1)),
                ":status", AttributeValue.fromS(outcome.status().name()),
                ":reasons", AttributeValue.fromL(outcome.reasons().stream().map(AttributeValue::fromS).toList())));
        String countAsRead;
        String setReview;
        if (read == 0) {
            // no review yet: the whole map is written, which also makes one for an execution stored without it
            countAsRead = "attribute_not_exists(#reviewCount)";
            setReview = "#reviews = :reviews";
            values.put(":reviews", AttributeValue.fromM(Map.of(reviewer, toAttribute(review))));
        } else {
            countAsRead = "#reviewCount = :read";
            setReview = "#reviews.#reviewer = :review";
            values.put(":read", AttributeValue.fromN(Integer.toString(read)));
            values.put(":review", toAttribute(review));
        }
        // a BLOCK or RECOMPUTE may not be acted on and carries no ranking, as at run time: the re-check takes it away
        String dropRanking = "";
        if (outcome.status() == ExecutionBoundary.Status.BLOCK
                || outcome.status() == ExecutionBoundary.Status.RECOMPUTE) {
            names.put("#ranking", RANKING);
            dropRanking = " REMOVE #ranking";
        }
        // every SET is absolute, so a retry of a write that committed (orWrittenBy) writes the same item again
        Condition stillAsRead = Condition.of("#status = :escalate AND attribute_not_exists(#reviews.#reviewer) AND "
                        + countAsRead, names, values).and(in.ownItems()).orWrittenBy(REVIEW_EVENT, eventId);
        Map<String, AttributeValue> updated;
        try {
            updated = db.update(TenantTable.DATA, db.keys().execution(current.namespace(), current.executionId()),
                    "SET " + setReview + ", #reviewCount = :next, #status = :status, #reasons = :reasons, "
                            + "#writtenBy = :writtenBy" + dropRanking, stillAsRead);
        } catch (ConditionalCheckFailedException lostRace) {
            throw whyLost(db, in, current, reviewer, lostRace);
        }
        return fromItem(updated);
    }

    /** What a review that lost its race is told, from the execution as it is now. */
    private static RuntimeException whyLost(TenantDynamoDb db, Namespaces.Namespace in, Execution read,
                                            String reviewer, ConditionalCheckFailedException lostRace) {
        Optional<Execution> now = db.get(TenantTable.DATA, db.keys().execution(read.namespace(), read.executionId()))
                .filter(in::owns).map(Executions::fromItem);
        if (now.isEmpty()) {
            return new ExecutionNotFoundException(read.namespace(), read.executionId());
        }
        if (now.get().status() != ExecutionBoundary.Status.ESCALATE) {
            return new NotPendingReviewException(read.executionId(), now.get().status(), lostRace);
        }
        if (now.get().reviews().stream().anyMatch(review -> review.reviewer().equals(reviewer))) {
            return new AlreadyReviewedException(read.executionId(), lostRace);
        }
        return new ReviewConflictException(read.executionId(), lostRace);
    }

    private static AttributeValue toAttribute(Execution.Review review) {
        return AttributeValue.fromM(Map.of(
                "reviewer", AttributeValue.fromS(review.reviewer()),
                "decision", AttributeValue.fromS(review.decision().name()),
                "reason", AttributeValue.fromS(review.reason()),
                "reviewedAt", AttributeValue.fromS(review.reviewedAt().toString()),
                "auditEventId", AttributeValue.fromS(review.auditEventId())));
    }

    private static Execution.Review reviewOf(AttributeValue stored) {
        Map<String, AttributeValue> review = stored.m();
        return new Execution.Review(review.get("reviewer").s(),
                Execution.ReviewDecision.valueOf(review.get("decision").s()), review.get("reason").s(),
                Instant.parse(review.get("reviewedAt").s()), review.get("auditEventId").s());
    }

    private static Map<String, AttributeValue> toItem(Execution execution, Namespaces.Namespace into) {
        Map<String, AttributeValue> item = new HashMap<>();
        into.stamp(item);
        item.put("executionId", AttributeValue.fromS(execution.executionId().value()));
        item.put("namespace", AttributeValue.fromS(execution.namespace().value()));
        item.put("objective", AttributeValue.fromS(execution.objective()));
        item.put("riskPosture", AttributeValue.fromS(execution.riskPosture().wireName()));
        item.put(STATUS, AttributeValue.fromS(execution.status().name()));
        item.put(REASONS, AttributeValue.fromL(execution.reasons().stream().map(AttributeValue::fromS).toList()));
        if (execution.ranking() != null) {
            item.put(RANKING, AttributeValue.fromL(execution.ranking().stream().map(ranked ->
                    AttributeValue.fromM(Map.of(
                            "option", AttributeValue.fromS(ranked.option()),
                            "score", AttributeValue.fromS(ranked.score().toPlainString()),
                            "feasible", AttributeValue.fromBool(ranked.feasible())))).toList()));
        }
        item.put("createdAt", AttributeValue.fromS(execution.createdAt().toString()));
        item.put("auditEventId", AttributeValue.fromS(execution.auditEventId()));
        Execution.Evaluation evaluated = execution.evaluated();
        item.put(RUN_BY, AttributeValue.fromS(evaluated.runBy()));
        item.put(POLICY_VERSION, AttributeValue.fromN(Long.toString(evaluated.policyVersion())));
        item.put(REQUIRED_APPROVALS, AttributeValue.fromN(Integer.toString(evaluated.requiredApprovals())));
        if (evaluated.expiresAt() != null) {
            item.put(EXPIRES_AT, AttributeValue.fromS(evaluated.expiresAt().toString()));
        }
        item.put(OPTION_COUNT, AttributeValue.fromN(Integer.toString(evaluated.options())));
        item.put(CRITERIA_COUNT, AttributeValue.fromN(Integer.toString(evaluated.criteria())));
        return item;
    }

    private static Execution fromItem(Map<String, AttributeValue> item) {
        List<Ranking.Ranked> ranking = item.containsKey(RANKING)
                ? item.get(RANKING).l().stream().map(entry -> new Ranking.Ranked(entry.m().get("option").s(),
                        new BigDecimal(entry.m().get("score").s()), entry.m().get("feasible").bool())).toList()
                : null;
        // an execution stored before evaluations were recorded has no runner or policy version: approving it asks
        // for a recompute (no version matches), and it counts one approval, as every execution did then
        Execution.Evaluation evaluated = new Execution.Evaluation(
                item.containsKey(RUN_BY) ? item.get(RUN_BY).s() : Execution.Evaluation.UNKNOWN_RUNNER,
                item.containsKey(POLICY_VERSION) ? Long.parseLong(item.get(POLICY_VERSION).n())
                        : Execution.Evaluation.UNKNOWN_POLICY_VERSION,
                item.containsKey(REQUIRED_APPROVALS) ? Integer.parseInt(item.get(REQUIRED_APPROVALS).n()) : 1,
                item.containsKey(EXPIRES_AT) ? Instant.parse(item.get(EXPIRES_AT).s()) : null,
                item.containsKey(OPTION_COUNT) ? Integer.parseInt(item.get(OPTION_COUNT).n()) : 0,
                item.containsKey(CRITERIA_COUNT) ? Integer.parseInt(item.get(CRITERIA_COUNT).n()) : 0);
        List<Execution.Review> reviews = item.containsKey(REVIEWS)
                ? item.get(REVIEWS).m().values().stream().map(Executions::reviewOf)
                        .sorted(Comparator.comparing(Execution.Review::reviewedAt)
                                .thenComparing(Execution.Review::auditEventId)).toList()
                : List.of();
        return new Execution(ExecutionId.of(item.get("executionId").s()), NamespaceId.of(item.get("namespace").s()),
                item.get("objective").s(), RiskLevel.fromWireName(item.get("riskPosture").s()).orElseThrow(),
                ExecutionBoundary.Status.valueOf(item.get(STATUS).s()),
                item.get(REASONS).l().stream().map(AttributeValue::s).toList(), ranking,
                Instant.parse(item.get("createdAt").s()), item.get("auditEventId").s(), evaluated, reviews);
    }
}
