package com.execalc.execution;

import com.execalc.governance.GlobalInvariants;
import com.execalc.governance.PolicySettings;
import com.execalc.governance.RiskLevel;
import com.execalc.tenancy.ExecutionId;
import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.NamespaceId;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a review makes of an escalated execution: the quorum, a final REJECT, and the re-check at approval. */
class ReviewRecheckTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private final PolicySettings global = GlobalInvariants.v1().settings();

    private static Execution escalated(int quorum, Instant expiresAt, int options, long policyVersion,
                                       Execution.Review... reviews) {
        return new Execution(ExecutionId.of("01KBX3Q2H8M4Z7T5R6W9Y0C1DE"), NamespaceId.of("decisions"), "pick",
                RiskLevel.HIGH, ExecutionBoundary.Status.ESCALATE, List.of("RISK_REQUIRES_REVIEW"), List.of(),
                NOW.minusSeconds(60), "01KBX3Q2H8M4Z7T5R6W9Y0C1DE",
                new Execution.Evaluation("alice", policyVersion, quorum, expiresAt, options, 2), List.of(reviews));
    }

    private static Execution.Review approval(String reviewer) {
        return new Execution.Review(reviewer, Execution.ReviewDecision.APPROVE, "fine", NOW.minusSeconds(5),
                "01KBX3Q2H8M4Z7T5R6W9Y0C1DF");
    }

    private ExecutionBoundary.Verdict approve(Execution execution, PolicySettings effective, long version) {
        return Executions.outcomeOf(execution, Execution.ReviewDecision.APPROVE, effective, version, NOW);
    }

    @Test
    void theApprovalThatCompletesTheQuorum_shouldApprove_whenNothingChanged() {
        assertThat(approve(escalated(1, null, 3, 4), global, 4))
                .isEqualTo(new ExecutionBoundary.Verdict(ExecutionBoundary.Status.APPROVED,
                        List.of("QUORUM_APPROVED")));
    }

    @Test
    void anApprovalShortOfTheQuorum_shouldLeaveTheExecutionWaiting_withoutARecheck() {
        Execution expiredButShort = escalated(2, NOW.minusSeconds(1), 3, 4);

        assertThat(approve(expiredButShort, global, 9).status()).isEqualTo(ExecutionBoundary.Status.ESCALATE);
        assertThat(approve(escalated(2, null, 3, 4, approval("bea")), global, 4).status())
                .isEqualTo(ExecutionBoundary.Status.APPROVED);
    }

    @Test
    void theRecheck_shouldBlockAnExpiredModel_first() {
        assertThat(approve(escalated(1, NOW, 3, 4), global.withMaxOptions(1), 5))
                .isEqualTo(new ExecutionBoundary.Verdict(ExecutionBoundary.Status.BLOCK, List.of("EXPIRED")));
    }

    @Test
    void theRecheck_shouldBlockAModelBeyondTheCurrentLimits_beforeComparingPolicyVersions() {
        assertThat(approve(escalated(1, null, 3, 4), global.withMaxOptions(2).withMaxCriteria(1), 5))
                .isEqualTo(new ExecutionBoundary.Verdict(ExecutionBoundary.Status.BLOCK,
                        List.of("TOO_MANY_OPTIONS", "TOO_MANY_CRITERIA")));
    }

    @Test
    void theRecheck_shouldAskForARecompute_underAnotherPolicyVersion() {
        assertThat(approve(escalated(1, null, 3, 4), global, 5))
                .isEqualTo(new ExecutionBoundary.Verdict(ExecutionBoundary.Status.RECOMPUTE,
                        List.of("POLICY_CHANGED")));
        assertThat(approve(escalated(1, null, 3, Execution.Evaluation.UNKNOWN_POLICY_VERSION), global, 0).status())
                .as("an execution stored without its version is never approved").isEqualTo(
                        ExecutionBoundary.Status.RECOMPUTE);
    }

    @Test
    void aReject_shouldBeFinal_withoutARecheck() {
        assertThat(Executions.outcomeOf(escalated(3, NOW.minusSeconds(1), 3, 4), Execution.ReviewDecision.REJECT,
                global, 9, NOW)).isEqualTo(new ExecutionBoundary.Verdict(ExecutionBoundary.Status.REJECTED,
                List.of("REJECTED_BY_REVIEW")));
    }

    @Test
    void aReviewRequest_shouldBeRefused_unlessItIsExactlyADecisionAndAReason() {
        ObjectMapper json = new ObjectMapper();

        assertThat(ReviewRequest.parse(json.createObjectNode().put("decision", "REJECT").put("reason", "no")))
                .isEqualTo(new ReviewRequest(Execution.ReviewDecision.REJECT, "no"));
        for (ObjectNode body : List.of(json.createObjectNode().put("decision", "approve").put("reason", "r"),
                json.createObjectNode().put("decision", "APPROVE"),
                json.createObjectNode().put("decision", "APPROVE").put("reason", "x".repeat(1001)),
                json.createObjectNode().put("decision", "APPROVE").put("reason", "r").put("by", "bea"))) {
            assertThatThrownBy(() -> ReviewRequest.parse(body)).as(body.toString())
                    .isInstanceOf(InvalidInputException.class);
        }
    }
}
