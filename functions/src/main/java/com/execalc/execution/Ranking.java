package com.execalc.execution;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The calculation: min-max normalise each criterion across the options (so that 1 is best whatever the direction), a
 * weighted sum with the weights normalised to 1, feasible options ranked before infeasible ones, higher scores first,
 * ties broken by name. Exact decimal arithmetic with 34 significant digits; scores are reported with six decimals.
 */
public final class Ranking {

    /** Decimal places of a reported score. */
    public static final int SCALE = 6;

    private static final MathContext PRECISION = MathContext.DECIMAL128;

    private Ranking() {
    }

    /**
     * One ranked option.
     *
     * @param option   its name
     * @param score    its weighted score, 0 to 1, rounded half-even to {@value #SCALE} places
     * @param feasible whether it respects every constraint
     */
    public record Ranked(String option, BigDecimal score, boolean feasible) {
    }

    /** Ranks the options; every option must have a score for every criterion. */
    public static List<Ranked> rank(DecisionModel model) {
        BigDecimal totalWeight = model.criteria().stream().map(DecisionModel.Criterion::weight)
                .reduce(BigDecimal.ZERO, (sum, weight) -> sum.add(weight, PRECISION));
        // each criterion's weight and range once, not once per option: the options × criteria loop stays linear
        List<Scale> scales = model.criteria().stream()
                .map(criterion -> Scale.of(model, criterion, totalWeight)).toList();
        List<Scored> scored = new ArrayList<>();
        for (DecisionModel.Option option : model.options()) {
            BigDecimal score = BigDecimal.ZERO;
            for (Scale scale : scales) {
                score = score.add(scale.weight().multiply(scale.normalised(option), PRECISION), PRECISION);
            }
            boolean feasible = model.constraints().stream()
                    .noneMatch(constraint -> constraint.violatedBy(option.scores().get(constraint.criterion())));
            scored.add(new Scored(option.name(), score, feasible));
        }
        scored.sort(Comparator.comparing(Scored::feasible).reversed()
                .thenComparing(Scored::score, Comparator.reverseOrder())
                .thenComparing(Scored::option));
        return scored.stream()
                .map(s -> new Ranked(s.option(), s.score().setScale(SCALE, RoundingMode.HALF_EVEN), s.feasible()))
                .toList();
    }

    private record Scored(String option, BigDecimal score, boolean feasible) {
    }

    /** A criterion's normalised weight and the lowest and highest value the options give it. */
    private record Scale(DecisionModel.Criterion criterion, BigDecimal weight, BigDecimal min, BigDecimal max) {

        static Scale of(DecisionModel model, DecisionModel.Criterion criterion, BigDecimal totalWeight) {
            BigDecimal min = null;
            BigDecimal max = null;
            for (DecisionModel.Option each : model.options()) {
                BigDecimal value = each.scores().get(criterion.name());
                min = min == null || value.compareTo(min) < 0 ? value : min;
                max = max == null || value.compareTo(max) > 0 ? value : max;
            }
            return new Scale(criterion, criterion.weight().divide(totalWeight, PRECISION), min, max);
        }

        /** 1 for the best value of the criterion among the options, 0 for the worst; 1 for all when they are equal. */
        BigDecimal normalised(DecisionModel.Option option) {
            BigDecimal range = max.subtract(min, PRECISION);
            if (range.signum() == 0) {
                return BigDecimal.ONE;
            }
            BigDecimal value = option.scores().get(criterion.name());
            BigDecimal distance = criterion.direction() == DecisionModel.Direction.MAX ? value.subtract(min, PRECISION)
                    : max.subtract(value, PRECISION);
            return distance.divide(range, PRECISION);
        }
    }
}
