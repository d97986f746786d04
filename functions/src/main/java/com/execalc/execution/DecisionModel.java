package com.execalc.execution;

import com.execalc.governance.RiskLevel;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A decision to evaluate: weighted criteria, the options scored on them, constraints, and how much is at stake.
 *
 * @param objective   what the decision is for
 * @param criteria    what the options are judged on
 * @param options     the alternatives
 * @param constraints bounds an option must respect to be feasible
 * @param riskPosture the risk of acting on the decision
 * @param expiresAt   after this instant the model may not be acted on; {@code null} for never
 */
public record DecisionModel(String objective, List<Criterion> criteria, List<Option> options,
                            List<Constraint> constraints, RiskLevel riskPosture, Instant expiresAt) {

    /** Whether a criterion's better values are lower or higher. */
    public enum Direction {
        MIN,
        MAX
    }

    /** A criterion with a positive weight. */
    public record Criterion(String name, BigDecimal weight, Direction direction) {
    }

    /** An option and its scores by criterion name; a criterion may be missing a score. */
    public record Option(String name, Map<String, BigDecimal> scores) {
        public Option {
            scores = Map.copyOf(scores);
        }
    }

    /** An option is infeasible when its score for {@code criterion} is below {@code min} or above {@code max}. */
    public record Constraint(String criterion, BigDecimal min, BigDecimal max) {
        public boolean violatedBy(BigDecimal score) {
            return (min != null && score.compareTo(min) < 0) || (max != null && score.compareTo(max) > 0);
        }
    }

    public DecisionModel {
        Objects.requireNonNull(objective, "objective");
        criteria = List.copyOf(criteria);
        options = List.copyOf(options);
        constraints = List.copyOf(constraints);
        Objects.requireNonNull(riskPosture, "riskPosture");
    }
}
