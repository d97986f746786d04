package com.execalc.execution;

import com.execalc.governance.GlobalInvariants;
import com.execalc.governance.PolicySettings;
import com.execalc.governance.RiskLevel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The boundary's checks and their order, as a table. */
class ExecutionBoundaryTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    /**
     * @param expired      whether expiresAt is at or before now
     * @param options      how many options
     * @param criteria     how many criteria
     * @param missingScore whether one option lacks a score
     * @param risk         the model's risk posture
     * @param escalateAt   the effective escalation level
     */
    @ParameterizedTest(name = "{index}: expired={0} options={1} criteria={2} missing={3} risk={4} escalateAt={5} -> {6} {7}")
    @CsvSource({
            // expiry comes first, whatever else is wrong
            "true,  101, 21, true,  critical, elevated, BLOCK,     MODEL_EXPIRED",
            // then the limits, all of them named
            "false, 101, 21, true,  critical, elevated, BLOCK,     TOO_MANY_OPTIONS|TOO_MANY_CRITERIA",
            "false, 101, 3,  false, low,      elevated, BLOCK,     TOO_MANY_OPTIONS",
            "false, 3,   21, false, low,      elevated, BLOCK,     TOO_MANY_CRITERIA",
            // then missing scores, even at high risk
            "false, 3,   3,  true,  critical, elevated, RECOMPUTE, MISSING_SCORES",
            // then risk at or above the escalation level
            "false, 3,   3,  false, elevated, elevated, ESCALATE,  RISK_REQUIRES_REVIEW",
            "false, 3,   3,  false, critical, elevated, ESCALATE,  RISK_REQUIRES_REVIEW",
            "false, 3,   3,  false, low,      low,      ESCALATE,  RISK_REQUIRES_REVIEW",
            // otherwise allowed; the limits themselves are inclusive
            "false, 3,   3,  false, low,      elevated, ALLOW,     WITHIN_BOUNDARY",
            "false, 100, 20, false, low,      elevated, ALLOW,     WITHIN_BOUNDARY"})
    void check_shouldApplyTheChecksInOrder(boolean expired, int options, int criteria, boolean missingScore,
                                           String risk, String escalateAt, ExecutionBoundary.Status status,
                                           String reasons) {
        PolicySettings effective = GlobalInvariants.v1().settings()
                .withEscalateAtRisk(RiskLevel.fromWireName(escalateAt).orElseThrow());

        ExecutionBoundary.Verdict verdict = ExecutionBoundary.check(model(expired, options, criteria, missingScore,
                RiskLevel.fromWireName(risk).orElseThrow()), effective, NOW);

        assertThat(verdict.status()).isEqualTo(status);
        assertThat(verdict.reasons()).containsExactly(reasons.split("\\|"));
        assertThat(verdict.ranked()).isEqualTo(status == ExecutionBoundary.Status.ALLOW
                || status == ExecutionBoundary.Status.ESCALATE);
    }

    private static DecisionModel model(boolean expired, int optionCount, int criteriaCount, boolean missingScore,
                                       RiskLevel risk) {
        List<DecisionModel.Criterion> criteria = new ArrayList<>();
        for (int c = 0; c < criteriaCount; c++) {
            criteria.add(new DecisionModel.Criterion("c" + c, BigDecimal.ONE, DecisionModel.Direction.MAX));
        }
        List<DecisionModel.Option> options = new ArrayList<>();
        for (int o = 0; o < optionCount; o++) {
            Map<String, BigDecimal> scores = new HashMap<>();
            for (int c = 0; c < criteriaCount; c++) {
                if (!(missingScore && o == 0 && c == 0)) {
                    scores.put("c" + c, BigDecimal.valueOf(o + c));
                }
            }
            options.add(new DecisionModel.Option("o" + o, scores));
        }
        return new DecisionModel("objective", criteria, options, List.of(), risk,
                expired ? NOW : NOW.plusSeconds(60));
    }
}
