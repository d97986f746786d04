package com.execalc.execution;

import com.execalc.governance.RiskLevel;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rankings checked by hand: see the comments for the arithmetic. */
class RankingTest {

    private static DecisionModel.Criterion criterion(String name, String weight, DecisionModel.Direction direction) {
        return new DecisionModel.Criterion(name, new BigDecimal(weight), direction);
    }

    private static DecisionModel.Option option(String name, double cost, double quality) {
        return new DecisionModel.Option(name, Map.of("cost", BigDecimal.valueOf(cost),
                "quality", BigDecimal.valueOf(quality)));
    }

    private static DecisionModel model(List<DecisionModel.Criterion> criteria, List<DecisionModel.Option> options,
                                       List<DecisionModel.Constraint> constraints) {
        return new DecisionModel("pick a supplier", criteria, options, constraints, RiskLevel.LOW, null);
    }

    private static final List<DecisionModel.Criterion> COST_AND_QUALITY = List.of(
            criterion("cost", "0.4", DecisionModel.Direction.MIN),
            criterion("quality", "0.6", DecisionModel.Direction.MAX));

    // cost 100..150: A (120) -> 30/50 = 0.6, B (100) -> 1, C (150) -> 0
    // quality 5..9:  A (7)   -> 2/4  = 0.5, B (5)   -> 0, C (9)   -> 1
    // A = 0.4*0.6 + 0.6*0.5 = 0.54; B = 0.4*1 = 0.40; C = 0.6*1 = 0.60
    private static final List<DecisionModel.Option> SUPPLIERS = List.of(
            option("A", 120, 7), option("B", 100, 5), option("C", 150, 9));

    @Test
    void rank_shouldOrderByTheWeightedNormalisedScore() {
        assertThat(Ranking.rank(model(COST_AND_QUALITY, SUPPLIERS, List.of()))).containsExactly(
                new Ranking.Ranked("C", new BigDecimal("0.600000"), true),
                new Ranking.Ranked("A", new BigDecimal("0.540000"), true),
                new Ranking.Ranked("B", new BigDecimal("0.400000"), true));
    }

    @Test
    void rank_shouldNormaliseTheWeights() {
        List<DecisionModel.Criterion> twoAndThree = List.of(
                criterion("cost", "2", DecisionModel.Direction.MIN),
                criterion("quality", "3", DecisionModel.Direction.MAX));

        assertThat(Ranking.rank(model(twoAndThree, SUPPLIERS, List.of())))
                .isEqualTo(Ranking.rank(model(COST_AND_QUALITY, SUPPLIERS, List.of())));
    }

    @Test
    void rank_shouldPutInfeasibleOptionsAfterFeasibleOnes() {
        DecisionModel.Constraint costAtMost140 = new DecisionModel.Constraint("cost", null, new BigDecimal("140"));

        assertThat(Ranking.rank(model(COST_AND_QUALITY, SUPPLIERS, List.of(costAtMost140)))).containsExactly(
                new Ranking.Ranked("A", new BigDecimal("0.540000"), true),
                new Ranking.Ranked("B", new BigDecimal("0.400000"), true),
                new Ranking.Ranked("C", new BigDecimal("0.600000"), false));
    }

    @Test
    void rank_shouldHonourMinimumConstraintsToo() {
        DecisionModel.Constraint qualityAtLeast6 = new DecisionModel.Constraint("quality", new BigDecimal("6"), null);

        assertThat(Ranking.rank(model(COST_AND_QUALITY, SUPPLIERS, List.of(qualityAtLeast6))))
                .extracting(Ranking.Ranked::option, Ranking.Ranked::feasible)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("C", true), org.assertj.core.groups.Tuple.tuple("A", true),
                        org.assertj.core.groups.Tuple.tuple("B", false));
    }

    @Test
    void rank_shouldBreakTiesByName() {
        List<DecisionModel.Option> twins = List.of(option("X", 100, 5), option("W", 100, 5), option("M", 120, 9));

        // cost: W, X -> 1, M -> 0; quality: W, X -> 0, M -> 1; W = X = 0.4, M = 0.6
        assertThat(Ranking.rank(model(COST_AND_QUALITY, twins, List.of())))
                .extracting(Ranking.Ranked::option).containsExactly("M", "W", "X");
    }

    @Test
    void rank_shouldScoreACriterionWhereAllOptionsAreEqualAsBestForAll() {
        List<DecisionModel.Option> sameQuality = List.of(option("A", 100, 5), option("B", 200, 5));

        // cost: A -> 1, B -> 0; quality equal -> 1 for both; A = 0.4 + 0.6 = 1, B = 0.6
        assertThat(Ranking.rank(model(COST_AND_QUALITY, sameQuality, List.of()))).containsExactly(
                new Ranking.Ranked("A", new BigDecimal("1.000000"), true),
                new Ranking.Ranked("B", new BigDecimal("0.600000"), true));
    }

    @Test
    void rank_shouldBeDeterministicToTheLastDigit_forThirdsAndOrderOfInput() {
        List<DecisionModel.Criterion> three = List.of(
                criterion("a", "1", DecisionModel.Direction.MAX),
                criterion("b", "1", DecisionModel.Direction.MAX),
                criterion("c", "1", DecisionModel.Direction.MAX));
        List<DecisionModel.Option> options = List.of(
                new DecisionModel.Option("P", Map.of("a", BigDecimal.ONE, "b", BigDecimal.ZERO, "c", BigDecimal.ZERO)),
                new DecisionModel.Option("Q", Map.of("a", BigDecimal.ZERO, "b", BigDecimal.ONE, "c", BigDecimal.ONE)));

        List<Ranking.Ranked> once = Ranking.rank(new DecisionModel("o", three, options, List.of(), RiskLevel.LOW, null));
        List<Ranking.Ranked> reversed = Ranking.rank(new DecisionModel("o", three,
                List.of(options.get(1), options.get(0)), List.of(), RiskLevel.LOW, null));

        assertThat(once).containsExactly(new Ranking.Ranked("Q", new BigDecimal("0.666667"), true),
                new Ranking.Ranked("P", new BigDecimal("0.333333"), true));
        assertThat(reversed).isEqualTo(once);
    }
}
