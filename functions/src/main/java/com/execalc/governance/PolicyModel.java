package com.execalc.governance;

import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.TenantRole;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The governance policy model: every configurable field with its direction of strictness, declared in
 * {@link #PolicyModel()} and nowhere else, and what follows from them: parsing a requested tenant policy, naming every
 * field that would loosen an invariant, computing the effective policy, rendering policies as JSON.
 */
public final class PolicyModel {

    /** Most namespace prefixes a policy may list. */
    public static final int MAX_PREFIXES = 20;
    /** Longest audit retention a policy may ask for, in days (100 years). */
    public static final int MAX_RETENTION_DAYS = 36_500;
    /** Most approvals a policy may require of an escalated execution: more would leave it waiting for ever. */
    public static final int MAX_REQUIRED_APPROVALS = 5;

    private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private final List<PolicyField<?>> fields = new ArrayList<>();
    private final Map<String, PolicyField<?>> byPath = new LinkedHashMap<>();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    public PolicyModel() {
        add(new PolicyField<>("maxRecordBytes", PolicySettings::maxRecordBytes, PolicySettings::withMaxRecordBytes,
                Strictness.atMost(), value -> wholeNumber(value, "maxRecordBytes", 0, Integer.MAX_VALUE),
                nodes::numberNode));
        add(new PolicyField<>("maxNamespaces", PolicySettings::maxNamespaces, PolicySettings::withMaxNamespaces,
                Strictness.atMost(), value -> wholeNumber(value, "maxNamespaces", 0, Integer.MAX_VALUE),
                nodes::numberNode));
        for (TenantRole role : TenantRole.values()) {
            String path = "roles." + role.wireName();
            add(new PolicyField<>(path, settings -> settings.roleActions().get(role),
                    (settings, actions) -> settings.withRoleActions(role, actions), Strictness.subset(),
                    value -> actions(value, path), this::renderActions));
        }
        add(new PolicyField<>("recordDeletion", PolicySettings::recordDeletion, PolicySettings::withRecordDeletion,
                Strictness.onlyOff(), value -> bool(value, "recordDeletion"), nodes::booleanNode));
        add(new PolicyField<>("execution.maxOptions", PolicySettings::maxOptions, PolicySettings::withMaxOptions,
                Strictness.atMost(), value -> wholeNumber(value, "execution.maxOptions", 0, Integer.MAX_VALUE),
                nodes::numberNode));
        add(new PolicyField<>("execution.maxCriteria", PolicySettings::maxCriteria, PolicySettings::withMaxCriteria,
                Strictness.atMost(), value -> wholeNumber(value, "execution.maxCriteria", 0, Integer.MAX_VALUE),
                nodes::numberNode));
        add(new PolicyField<>("execution.escalateAtRisk", PolicySettings::escalateAtRisk,
                PolicySettings::withEscalateAtRisk, Strictness.lowerRisk(), this::risk,
                level -> nodes.textNode(level.wireName())));
        add(new PolicyField<>("execution.requiredApprovals", PolicySettings::requiredApprovals,
                PolicySettings::withRequiredApprovals, Strictness.atLeast(), PolicyModel::requiredApprovals,
                nodes::numberNode));
        add(new PolicyField<>("auditRetentionDays", PolicySettings::auditRetentionDays,
                PolicySettings::withAuditRetentionDays, Strictness.atLeast(),
                value -> wholeNumber(value, "auditRetentionDays", 1, MAX_RETENTION_DAYS), nodes::numberNode));
        add(new PolicyField<>("namespacePrefixes", PolicySettings::namespacePrefixes,
                PolicySettings::withNamespacePrefixes, Strictness.narrower(), this::prefixes, this::renderPrefixes));
    }

    /**
     * Whether {@code namespacePrefixes} confines the action. Declared here for every action, so that a new one must be
     * decided: prefixes confine every change of a namespace or of what it holds (creating and deleting namespaces,
     * writing and deleting records, running and reviewing executions), never a read, so that what a tenant stored
     * before it narrowed its prefixes stays readable. A refused change is a governance denial (422, NAMESPACE_NOT_ALLOWED).
     */
    public static boolean confinedByNamespacePrefixes(Action action) {
        return switch (action) {
            case NAMESPACE_CREATE, NAMESPACE_DELETE, RECORD_PUT, RECORD_DELETE, EXECUTION_RUN, EXECUTION_REVIEW -> true;
            case SESSION_DESCRIBE, NAMESPACE_LIST, RECORD_GET, RECORD_LIST, EXECUTION_GET, EXECUTION_LIST, AUDIT_QUERY,
                    POLICY_GET, POLICY_PUT -> false;
        };
    }

    private void add(PolicyField<?> field) {
        fields.add(field);
        byPath.put(field.path(), field);
    }

    /**
     * Parses a requested tenant policy.
     *
     * @throws InvalidInputException for an unknown field or a malformed value
     */
    public TenantPolicy parse(ObjectNode document) {
        Map<PolicyField<?>, Object> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = document.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (isGroup(entry.getKey())) {
                if (!entry.getValue().isObject()) {
                    throw new InvalidInputException("The policy field '" + entry.getKey() + "' must be an object.");
                }
                entry.getValue().fields().forEachRemaining(inner ->
                        put(values, entry.getKey() + "." + inner.getKey(), inner.getValue()));
            } else {
                put(values, entry.getKey(), entry.getValue());
            }
        }
        return new TenantPolicy(values);
    }

    private void put(Map<PolicyField<?>, Object> values, String path, JsonNode value) {
        PolicyField<?> field = byPath.get(path);
        if (field == null) {
            throw new InvalidInputException("Unknown policy field '" + shorten(path) + "'; known fields: "
                    + byPath.keySet() + ".");
        }
        values.put(field, field.parse(value));
    }

    /** Every field of {@code policy} that would loosen an invariant; empty when the policy only tightens. */
    public List<PolicyViolation> violations(GlobalInvariants global, TenantPolicy policy) {
        List<PolicyViolation> violations = new ArrayList<>();
        for (PolicyField<?> field : fields) {
            check(field, global.settings(), policy).ifPresent(violations::add);
        }
        return violations;
    }

    private static <T> java.util.Optional<PolicyViolation> check(PolicyField<T> field, PolicySettings global,
                                                                 TenantPolicy policy) {
        return policy.get(field).flatMap(requested -> field.check(global, requested));
    }

    /**
     * The tenant's effective policy: every field the stricter of the invariant and the tenant's value. Computed from
     * these two alone, so no other tenant's policy can influence it; and a stored policy that a newer, stricter
     * invariant outgrew is clamped rather than trusted.
     */
    public PolicySettings effective(GlobalInvariants global, TenantPolicy policy) {
        PolicySettings effective = global.settings();
        for (PolicyField<?> field : fields) {
            effective = tighten(field, effective, policy);
        }
        return effective;
    }

    private static <T> PolicySettings tighten(PolicyField<T> field, PolicySettings settings, TenantPolicy policy) {
        return policy.get(field).map(value -> field.tighten(settings, value)).orElse(settings);
    }

    /** A complete settings document, e.g. the global or the effective policy. */
    public ObjectNode render(PolicySettings settings) {
        ObjectNode document = nodes.objectNode();
        for (PolicyField<?> field : fields) {
            place(document, field.path(), renderValue(field, settings));
        }
        return document;
    }

    /** A tenant policy document: only the fields the tenant set. */
    public ObjectNode render(TenantPolicy policy) {
        ObjectNode document = nodes.objectNode();
        for (PolicyField<?> field : fields) {
            renderTenantValue(field, policy).ifPresent(value -> place(document, field.path(), value));
        }
        return document;
    }

    private static <T> JsonNode renderValue(PolicyField<T> field, PolicySettings settings) {
        return field.render(field.read(settings));
    }

    private static <T> java.util.Optional<JsonNode> renderTenantValue(PolicyField<T> field, TenantPolicy policy) {
        return policy.get(field).map(field::render);
    }

    private static void place(ObjectNode document, String path, JsonNode value) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            document.set(path, value);
        } else {
            ObjectNode group = document.has(path.substring(0, dot)) ? (ObjectNode) document.get(path.substring(0, dot))
                    : document.putObject(path.substring(0, dot));
            group.set(path.substring(dot + 1), value);
        }
    }

    private boolean isGroup(String key) {
        String prefix = key + ".";
        return byPath.keySet().stream().anyMatch(path -> path.startsWith(prefix));
    }

    private static int wholeNumber(JsonNode value, String path, int min, int max) {
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw new InvalidInputException("The policy field '" + path + "' must be a whole number from " + min
                    + " to " + max + ".");
        }
        return value.intValue();
    }

    /**
     * Any whole number up to {@link #MAX_REQUIRED_APPROVALS}: one below the global value is read, so that it is refused
     * as a loosening (422 naming the field) rather than as malformed.
     */
    private static int requiredApprovals(JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() > MAX_REQUIRED_APPROVALS) {
            throw new InvalidInputException("The policy field 'execution.requiredApprovals' must be a whole number of "
                    + "at most " + MAX_REQUIRED_APPROVALS + ".");
        }
        return value.intValue();
    }

    private static boolean bool(JsonNode value, String path) {
        if (!value.isBoolean()) {
            throw new InvalidInputException("The policy field '" + path + "' must be true or false.");
        }
        return value.booleanValue();
    }

    private RiskLevel risk(JsonNode value) {
        return (value.isTextual() ? RiskLevel.fromWireName(value.textValue()) : java.util.Optional.<RiskLevel>empty())
                .orElseThrow(() -> new InvalidInputException(
                        "The policy field 'execution.escalateAtRisk' must be low, elevated, high or critical."));
    }

    private static Set<Action> actions(JsonNode value, String path) {
        if (!value.isArray()) {
            throw new InvalidInputException("The policy field '" + path + "' must be a list of actions.");
        }
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (JsonNode name : value) {
            Action action = (name.isTextual() ? Action.fromWireName(name.textValue()) : java.util.Optional.<Action>empty())
                    .filter(Action::configurable)
                    .orElseThrow(() -> new InvalidInputException("The policy field '" + path
                            + "' lists " + shorten(name.toString()) + ", which is not a configurable action."));
            actions.add(action);
        }
        return actions;
    }

    private JsonNode renderActions(Set<Action> actions) {
        ArrayNode list = nodes.arrayNode();
        actions.stream().map(Action::wireName).forEach(list::add);
        return list;
    }

    private NamespacePrefixes prefixes(JsonNode value) {
        if (!value.isArray() || value.size() > MAX_PREFIXES) {
            throw new InvalidInputException("The policy field 'namespacePrefixes' must be a list of at most "
                    + MAX_PREFIXES + " namespace prefixes.");
        }
        List<String> prefixes = new ArrayList<>();
        for (JsonNode prefix : value) {
            if (!prefix.isTextual() || !PREFIX.matcher(prefix.textValue()).matches()) {
                throw new InvalidInputException("Each namespace prefix must be 1 to 63 lowercase letters, digits, "
                        + "'-', '_' or '.', starting with a letter or digit.");
            }
            prefixes.add(prefix.textValue());
        }
        return NamespacePrefixes.only(prefixes);
    }

    private JsonNode renderPrefixes(NamespacePrefixes prefixes) {
        if (prefixes.unrestricted()) {
            return nodes.nullNode();
        }
        ArrayNode list = nodes.arrayNode();
        prefixes.prefixes().forEach(list::add);
        return list;
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
