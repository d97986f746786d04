package com.execalc.access;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Objects;

/**
 * A condition or update expression with its names and values. The placeholders {@code #pk}, {@code #sk} and any value
 * starting with {@code :k_} are reserved for the keys that {@link TenantDynamoDb} adds itself.
 *
 * @param expression the expression, or {@code null} for none
 * @param names      {@code #name} placeholders
 * @param values     {@code :value} placeholders
 */
public record Condition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {

    public Condition {
        names = Map.copyOf(Objects.requireNonNull(names, "names"));
        values = Map.copyOf(Objects.requireNonNull(values, "values"));
        if (names.containsKey("#pk") || names.containsKey("#sk")
                || values.keySet().stream().anyMatch(name -> name.startsWith(":k_"))) {
            throw new IllegalArgumentException("#pk, #sk and :k_* are reserved for the key");
        }
    }

    public static Condition none() {
        return new Condition(null, Map.of(), Map.of());
    }

    public static Condition of(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        return new Condition(expression, names, values);
    }

    /** The item must not exist yet. */
    public static Condition itemAbsent() {
        return new Condition("attribute_not_exists(#pk)", Map.of(), Map.of());
    }

    /**
     * This condition, or else the item already holds what this very request wrote there. A conditional write whose
     * first attempt committed but whose response was lost is retried by the SDK; it must then succeed again, rewriting
     * the same item, instead of failing against its own write.
     *
     * @param attribute the attribute that names the writing request, e.g. {@code auditEventId}
     * @param value     this request's value of it
     */
    public Condition orWrittenBy(String attribute, String value) {
        if (expression == null) {
            throw new IllegalStateException("An unconditional write needs no retry condition");
        }
        Map<String, String> allNames = new java.util.HashMap<>(names);
        Map<String, AttributeValue> allValues = new java.util.HashMap<>(values);
        if (allNames.put("#writtenBy", attribute) != null
                || allValues.put(":writtenBy", AttributeValue.fromS(value)) != null) {
            throw new IllegalStateException("The condition already names its writer");
        }
        return new Condition("(" + expression + ") OR #writtenBy = :writtenBy", allNames, allValues);
    }

    /**
     * Both this condition and {@code other}; their placeholders must not clash.
     *
     * @throws IllegalStateException when a placeholder of one means something else in the other
     */
    public Condition and(Condition other) {
        if (expression == null || other.expression == null) {
            return expression == null ? other : this;
        }
        Map<String, String> allNames = new java.util.HashMap<>(names);
        Map<String, AttributeValue> allValues = new java.util.HashMap<>(values);
        other.names.forEach((name, attribute) -> {
            if (!attribute.equals(allNames.merge(name, attribute, (mine, theirs) -> mine))) {
                throw new IllegalStateException("The placeholder " + name + " means two attributes");
            }
        });
        other.values.forEach((name, value) -> {
            if (!value.equals(allValues.merge(name, value, (mine, theirs) -> mine))) {
                throw new IllegalStateException("The placeholder " + name + " means two values");
            }
        });
        return new Condition("(" + expression + ") AND (" + other.expression + ")", allNames, allValues);
    }

    /** The item holds what this very request wrote: its {@code attribute} is {@code value}, e.g. its audit event id. */
    public static Condition writtenBy(String attribute, String value) {
        return new Condition("#writtenBy = :writtenBy", Map.of("#writtenBy", attribute),
                Map.of(":writtenBy", AttributeValue.fromS(value)));
    }
}
