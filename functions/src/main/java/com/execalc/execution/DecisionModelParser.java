package com.execalc.execution;

import com.execalc.governance.RiskLevel;
import com.execalc.tenancy.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a decision model from its JSON and refuses, with a clear 400, anything malformed: missing or mistyped fields,
 * non-finite or absurd numbers, non-positive weights, duplicate names, scores or constraints on unknown criteria,
 * over-long strings. Model sizes above the governance limits are not malformed: the boundary blocks them.
 */
public final class DecisionModelParser {

    /** Longest objective, in characters. */
    public static final int MAX_OBJECTIVE = 1000;
    /** Longest criterion or option name, in characters. */
    public static final int MAX_NAME = 64;
    /** Most options a model may hold at all; the governance limit is lower. */
    public static final int HARD_MAX_OPTIONS = 1000;
    /** Most criteria a model may hold at all; the governance limit is lower. */
    public static final int HARD_MAX_CRITERIA = 100;

    private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1e15");
    private static final int MAX_DECIMALS = 20;

    /** @throws InvalidInputException when the model is malformed */
    public DecisionModel parse(ObjectNode body) {
        allowOnly(body, "model", Set.of("objective", "criteria", "options", "constraints", "riskPosture", "expiresAt"));
        String objective = text(body.get("objective"), "objective", MAX_OBJECTIVE);
        List<DecisionModel.Criterion> criteria = criteria(array(body.get("criteria"), "criteria", HARD_MAX_CRITERIA));
        Set<String> criterionNames = new HashSet<>();
        criteria.forEach(criterion -> criterionNames.add(criterion.name()));
        List<DecisionModel.Option> options = options(array(body.get("options"), "options", HARD_MAX_OPTIONS),
                criterionNames);
        List<DecisionModel.Constraint> constraints = body.has("constraints")
                ? constraints(array(body.get("constraints"), "constraints", HARD_MAX_CRITERIA * 2), criterionNames)
                : List.of();
        RiskLevel risk = RiskLevel.fromWireName(text(body.get("riskPosture"), "riskPosture", 16)).orElseThrow(
                () -> new InvalidInputException("riskPosture must be low, elevated, high or critical."));
        Instant expiresAt = body.hasNonNull("expiresAt") ? instant(body.get("expiresAt")) : null;
        return new DecisionModel(objective, criteria, options, constraints, risk, expiresAt);
    }

    private static List<DecisionModel.Criterion> criteria(JsonNode list) {
        if (list.isEmpty()) {
            throw new InvalidInputException("criteria must list at least one criterion.");
        }
        List<DecisionModel.Criterion> criteria = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode node : list) {
            object(node, "each criterion");
            allowOnly((ObjectNode) node, "a criterion", Set.of("name", "weight", "direction"));
            String name = text(node.get("name"), "criterion name", MAX_NAME);
            if (!names.add(name)) {
                throw new InvalidInputException("Criterion '" + name + "' is listed twice.");
            }
            BigDecimal weight = number(node.get("weight"), "the weight of criterion '" + name + "'");
            if (weight.signum() <= 0) {
                throw new InvalidInputException("The weight of criterion '" + name + "' must be positive.");
            }
            DecisionModel.Direction direction = switch (text(node.get("direction"), "direction", 3)) {
                case "min" -> DecisionModel.Direction.MIN;
                case "max" -> DecisionModel.Direction.MAX;
                default -> throw new InvalidInputException("The direction of criterion '" + name + "' must be min or max.");
            };
            criteria.add(new DecisionModel.Criterion(name, weight, direction));
        }
        return criteria;
    }

    private static List<DecisionModel.Option> options(JsonNode list, Set<String> criteria) {
        if (list.isEmpty()) {
            throw new InvalidInputException("options must list at least one option.");
        }
        List<DecisionModel.Option> options = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode node : list) {
            object(node, "each option");
            allowOnly((ObjectNode) node, "an option", Set.of("name", "scores"));
            String name = text(node.get("name"), "option name", MAX_NAME);
            if (!names.add(name)) {
                throw new InvalidInputException("Option '" + name + "' is listed twice.");
            }
            JsonNode scores = node.get("scores");
            if (scores == null || !scores.isObject()) {
                throw new InvalidInputException("The scores of option '" + name + "' must be an object.");
            }
            Map<String, BigDecimal> values = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> entries = scores.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> score = entries.next();
                if (!criteria.contains(score.getKey())) {
                    throw new InvalidInputException("Option '" + name + "' scores unknown criterion '"
                            + shorten(score.getKey()) + "'.");
                }
                values.put(score.getKey(), number(score.getValue(), "the score of option '" + name + "'"));
            }
            options.add(new DecisionModel.Option(name, values));
        }
        return options;
    }

    private static List<DecisionModel.Constraint> constraints(JsonNode list, Set<String> criteria) {
        List<DecisionModel.Constraint> constraints = new ArrayList<>();
        for (JsonNode node : list) {
            object(node, "each constraint");
            allowOnly((ObjectNode) node, "a constraint", Set.of("criterion", "min", "max"));
            String criterion = text(node.get("criterion"), "constraint criterion", MAX_NAME);
            if (!criteria.contains(criterion)) {
                throw new InvalidInputException("A constraint names unknown criterion '" + criterion + "'.");
            }
            BigDecimal min = node.has("min") ? number(node.get("min"), "a constraint's min") : null;
            BigDecimal max = node.has("max") ? number(node.get("max"), "a constraint's max") : null;
            if (min == null && max == null) {
                throw new InvalidInputException("A constraint on '" + criterion + "' needs a min or a max.");
            }
            if (min != null && max != null && min.compareTo(max) > 0) {
                throw new InvalidInputException("A constraint on '" + criterion + "' has min above max.");
            }
            constraints.add(new DecisionModel.Constraint(criterion, min, max));
        }
        return constraints;
    }

    private static JsonNode array(JsonNode node, String field, int max) {
        if (node == null || !node.isArray()) {
            throw new InvalidInputException(field + " must be a list.");
        }
        if (node.size() > max) {
            throw new InvalidInputException(field + " may list at most " + max + " entries.");
        }
        return node;
    }

    private static void object(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new InvalidInputException(what + " must be an object.");
        }
    }

    private static String text(JsonNode node, String field, int maxLength) {
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw new InvalidInputException(field + " must be a non-empty string.");
        }
        String value = node.textValue();
        if (value.length() > maxLength || value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field + " must be at most " + maxLength + " printable characters.");
        }
        return value;
    }

    private static BigDecimal number(JsonNode node, String what) {
        if (node == null || !node.isNumber()) {
            throw new InvalidInputException(what + " must be a number.");
        }
        BigDecimal value = node.decimalValue();
        if (value.abs().compareTo(MAX_MAGNITUDE) > 0) {
            throw new InvalidInputException(what + " must be a finite number of magnitude at most 1e15.");
        }
        if (value.stripTrailingZeros().scale() > MAX_DECIMALS) {
            // exact arithmetic on a number like 1e-1000000 would take seconds: such precision means nothing here
            throw new InvalidInputException(what + " may have at most " + MAX_DECIMALS + " decimal places.");
        }
        return value;
    }

    private static Instant instant(JsonNode node) {
        if (!node.isTextual()) {
            throw new InvalidInputException("expiresAt must be an ISO-8601 instant, e.g. 2027-01-01T00:00:00Z.");
        }
        try {
            return Instant.parse(node.textValue());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("expiresAt must be an ISO-8601 instant, e.g. 2027-01-01T00:00:00Z.", e);
        }
    }

    private static void allowOnly(ObjectNode node, String what, Set<String> fields) {
        node.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                throw new InvalidInputException("Unknown field '" + shorten(name) + "' in " + what + ".");
            }
        });
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
