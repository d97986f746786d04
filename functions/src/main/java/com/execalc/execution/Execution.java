package com.execalc.execution;

import com.execalc.governance.RiskLevel;
import com.execalc.tenancy.ExecutionId;
import com.execalc.tenancy.NamespaceId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A governed execution as stored: the boundary's verdict, when it ranked the ranking, what it was evaluated under, and
 * its reviews.
 *
 * @param status    its current status: the run's verdict, or what its reviews made of an ESCALATE
 * @param reasons   the reasons of its current status
 * @param ranking   the ranking, or {@code null} when the boundary gave none (BLOCK, RECOMPUTE)
 * @param evaluated what the run was evaluated under, which approval checks again
 * @param reviews   its reviews, oldest first
 */
public record Execution(ExecutionId executionId, NamespaceId namespace, String objective, RiskLevel riskPosture,
                        ExecutionBoundary.Status status, List<String> reasons, List<Ranking.Ranked> ranking,
                        Instant createdAt, String auditEventId, Evaluation evaluated, List<Review> reviews) {

    public Execution {
        reasons = List.copyOf(reasons);
        ranking = ranking == null ? null : List.copyOf(ranking);
        Objects.requireNonNull(evaluated, "evaluated");
        reviews = List.copyOf(reviews);
    }

    /**
     * What an execution was evaluated under when it ran: who ran it, the tenant policy's version and the quorum then,
     * and the model's expiry and size, which the re-check at approval compares with the policy of that moment.
     *
     * @param runBy             the subject who ran it, or {@link #UNKNOWN_RUNNER} for an execution stored before this
     *                          was recorded
     * @param policyVersion     the tenant policy's version, or {@link #UNKNOWN_POLICY_VERSION} when not recorded (never
     *                          equal to a real version, so approving such an execution asks for a recompute)
     * @param requiredApprovals the approvals it needs, from the effective policy of its run
     * @param expiresAt         the model's expiry, or {@code null} for none
     * @param options           how many options the model weighs
     * @param criteria          how many criteria the model weighs
     */
    public record Evaluation(String runBy, long policyVersion, int requiredApprovals, Instant expiresAt, int options,
                             int criteria) {

        /** The runner of an execution stored before runners were recorded: no subject is empty. */
        public static final String UNKNOWN_RUNNER = "";
        /** The policy version of an execution stored before versions were recorded. */
        public static final long UNKNOWN_POLICY_VERSION = -1;

        public Evaluation {
            Objects.requireNonNull(runBy, "runBy");
            if (requiredApprovals < 1) {
                throw new IllegalArgumentException("requiredApprovals must be at least 1");
            }
        }
    }

    /**
     * One reviewer's decision on an escalated execution.
     *
     * @param reviewer     the reviewer's subject
     * @param decision     approve or reject
     * @param reason       why, in the reviewer's words (1 to {@value Review#MAX_REASON_LENGTH} characters)
     * @param reviewedAt   when
     * @param auditEventId the audit event of the review, written before it
     */
    public record Review(String reviewer, ReviewDecision decision, String reason, Instant reviewedAt,
                         String auditEventId) {

        /** The longest reason a reviewer may give, in characters (code points). */
        public static final int MAX_REASON_LENGTH = 1000;

        /** Whether {@code reason} can be a review's: not blank, at most {@value #MAX_REASON_LENGTH} characters. */
        public static boolean isReason(String reason) {
            return reason != null && !reason.isBlank()
                    && reason.codePointCount(0, reason.length()) <= MAX_REASON_LENGTH;
        }

        public Review {
            Objects.requireNonNull(reviewer, "reviewer");
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(reviewedAt, "reviewedAt");
            Objects.requireNonNull(auditEventId, "auditEventId");
            if (!isReason(reason)) {
                throw new IllegalArgumentException("A review's reason is 1 to " + MAX_REASON_LENGTH + " characters");
            }
        }
    }

    /** What a reviewer decides. */
    public enum ReviewDecision {
        APPROVE,
        REJECT
    }

    /** How many of its reviews approve it. */
    public int approvals() {
        return (int) reviews.stream().filter(review -> review.decision() == ReviewDecision.APPROVE).count();
    }
}
