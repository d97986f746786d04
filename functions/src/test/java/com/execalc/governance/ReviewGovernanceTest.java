package com.execalc.governance;

import com.execalc.errors.ErrorCode;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The invariants of review as governance decides them, from the facts read about the execution. */
class ReviewGovernanceTest {

    private final GovernanceEngine engine = new GovernanceEngine();
    private final PolicySettings global = GlobalInvariants.v1().settings();

    private static TenantContext caller(String subject, TenantRole role) {
        return new TenantContext(TenantId.of("acme"), subject, Set.of(role), "req-1");
    }

    private static RequestFacts review(String status, String runBy, Set<String> reviewers) {
        return RequestFacts.in(NamespaceId.of("decisions"))
                .withReview(new ReviewFacts(status, status.equals("ESCALATE"), runBy, reviewers));
    }

    @ParameterizedTest(name = "{0} ({1}) reviews a {2} run by {3}, reviewed by [{4}] -> {5}")
    @CsvSource({
            "bea,   ADMIN,    ESCALATE,  alice, '',       ROLE_ALLOWS_ACTION",
            "alice, ADMIN,    ESCALATE,  alice, '',       SELF_REVIEW",
            "bea,   ADMIN,    ESCALATE,  alice, bea,      ALREADY_REVIEWED",
            "cleo,  ADMIN,    ESCALATE,  alice, bea,      ROLE_ALLOWS_ACTION",
            "bea,   ADMIN,    ALLOW,     alice, '',       NOT_PENDING_REVIEW",
            "bea,   ADMIN,    APPROVED,  alice, cleo,     NOT_PENDING_REVIEW",
            "bea,   ADMIN,    REJECTED,  alice, cleo,     NOT_PENDING_REVIEW",
            "alice, ADMIN,    ALLOW,     alice, '',       NOT_PENDING_REVIEW",
            "olga,  OPERATOR, ESCALATE,  alice, '',       ROLE_DENIES_ACTION",
            "vic,   VIEWER,   ESCALATE,  alice, '',       ROLE_DENIES_ACTION"})
    void decide_shouldApplyTheReviewInvariants_afterTheRole(String subject, TenantRole role, String status,
                                                           String runBy, String reviewedBy, String reason) {
        Set<String> reviewers = reviewedBy.isEmpty() ? Set.of() : Set.of(reviewedBy);

        Decision decision = engine.decide(caller(subject, role), Action.EXECUTION_REVIEW,
                review(status, runBy, reviewers), global);

        assertThat(decision.reason()).isEqualTo(reason);
        assertThat(decision.allowed()).isEqualTo(reason.equals("ROLE_ALLOWS_ACTION"));
    }

    @Test
    void eachReviewDenial_shouldBeAnsweredWithItsOwnCode() {
        assertThat(Decision.Denial.SELF_REVIEW.code()).isEqualTo(ErrorCode.SELF_REVIEW);
        assertThat(Decision.Denial.NOT_PENDING_REVIEW.code()).isEqualTo(ErrorCode.NOT_PENDING_REVIEW);
        assertThat(Decision.Denial.ALREADY_REVIEWED.code()).isEqualTo(ErrorCode.ALREADY_REVIEWED);
    }

    @Test
    void aReviewWithoutItsFacts_shouldBeDenied() {
        Decision decision = engine.decide(caller("bea", TenantRole.ADMIN), Action.EXECUTION_REVIEW,
                RequestFacts.in(NamespaceId.of("decisions")), global);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo("NOT_PENDING_REVIEW");
    }

    @Test
    void aTenantThatRemovedTheReviewFromAdmins_shouldLeaveNoOneToReview() {
        PolicySettings withoutReview = global.withRoleActions(TenantRole.ADMIN, Set.of(Action.EXECUTION_GET));

        Decision decision = engine.decide(caller("bea", TenantRole.ADMIN), Action.EXECUTION_REVIEW,
                review("ESCALATE", "alice", Set.of()), withoutReview);

        assertThat(decision.reason()).isEqualTo("ROLE_DENIES_ACTION");
    }

    @Test
    void aReview_shouldBeConfinedByTheNamespacePrefixes_andTheListingNot() {
        PolicySettings prefixed = global.withNamespacePrefixes(NamespacePrefixes.only(List.of("fin-")));

        assertThat(engine.decide(caller("bea", TenantRole.ADMIN), Action.EXECUTION_REVIEW,
                review("ESCALATE", "alice", Set.of()), prefixed).reason()).isEqualTo("NAMESPACE_NOT_ALLOWED");
        assertThat(engine.decide(caller("bea", TenantRole.VIEWER), Action.EXECUTION_LIST,
                RequestFacts.in(NamespaceId.of("decisions")), prefixed).allowed()).isTrue();
    }

    @Test
    void theGlobalInvariants_shouldGiveTheReviewToAdminsOnly_andTheListingToEveryRole() {
        assertThat(global.roleActions().get(TenantRole.ADMIN)).contains(Action.EXECUTION_REVIEW);
        assertThat(global.roleActions().get(TenantRole.OPERATOR)).doesNotContain(Action.EXECUTION_REVIEW);
        assertThat(global.roleActions().get(TenantRole.VIEWER)).doesNotContain(Action.EXECUTION_REVIEW);
        assertThat(global.roleActions().values()).allSatisfy(actions -> assertThat(actions)
                .contains(Action.EXECUTION_LIST));
        assertThat(global.requiredApprovals()).isEqualTo(1);
    }

    @Test
    void requiredApprovals_shouldOnlyBeRaised() {
        PolicyModel model = new PolicyModel();
        TenantPolicy lowered = model.parse(executionPolicy(0));
        TenantPolicy raised = model.parse(executionPolicy(3));

        assertThat(model.violations(GlobalInvariants.v1(), lowered)).extracting(PolicyViolation::field)
                .containsExactly("execution.requiredApprovals");
        assertThat(model.violations(GlobalInvariants.v1(), raised)).isEmpty();
        assertThat(model.effective(GlobalInvariants.v1(), raised).requiredApprovals()).isEqualTo(3);
    }

    private static ObjectNode executionPolicy(int requiredApprovals) {
        ObjectNode policy = JsonNodeFactory.instance.objectNode();
        policy.putObject("execution").put("requiredApprovals", requiredApprovals);
        return policy;
    }
}
