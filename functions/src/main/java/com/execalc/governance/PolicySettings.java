package com.execalc.governance;

import com.execalc.tenancy.TenantRole;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A complete set of governance bounds: the global invariants' values, or a tenant's effective policy.
 *
 * @param maxRecordBytes     the largest record body in UTF-8 bytes
 * @param maxNamespaces      how many namespaces a tenant may hold
 * @param roleActions        the configurable actions each tenant role may take
 * @param recordDeletion     whether records may be deleted
 * @param maxOptions         the most options an execution may weigh
 * @param maxCriteria        the most criteria an execution may weigh
 * @param escalateAtRisk     executions at or above this risk are escalated for human review
 * @param auditRetentionDays how long audit events are kept
 * @param namespacePrefixes  which namespaces may be created and written to
 * @param requiredApprovals  how many approvals, from distinct reviewers, an escalated execution needs
 */
public record PolicySettings(int maxRecordBytes, int maxNamespaces, Map<TenantRole, Set<Action>> roleActions,
                             boolean recordDeletion, int maxOptions, int maxCriteria, RiskLevel escalateAtRisk,
                             int auditRetentionDays, NamespacePrefixes namespacePrefixes, int requiredApprovals) {

    public PolicySettings {
        Map<TenantRole, Set<Action>> copy = new EnumMap<>(TenantRole.class);
        for (TenantRole role : TenantRole.values()) {
            Set<Action> actions = roleActions.getOrDefault(role, Set.of());
            copy.put(role, Collections.unmodifiableSet(actions.isEmpty() ? EnumSet.noneOf(Action.class)
                    : EnumSet.copyOf(actions)));
        }
        roleActions = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(escalateAtRisk, "escalateAtRisk");
        Objects.requireNonNull(namespacePrefixes, "namespacePrefixes");
        if (requiredApprovals < 1) {
            throw new IllegalArgumentException("requiredApprovals must be at least 1");
        }
    }

    /** Whether any of {@code roles} may take the configurable {@code action}. */
    public boolean allows(Set<TenantRole> roles, Action action) {
        return roles.stream().anyMatch(role -> roleActions.get(role).contains(action));
    }

    public PolicySettings withMaxRecordBytes(int value) {
        return new PolicySettings(value, maxNamespaces, roleActions, recordDeletion, maxOptions, maxCriteria,
                escalateAtRisk, auditRetentionDays, namespacePrefixes, requiredApprovals);
    }

    public PolicySettings withMaxNamespaces(int value) {
        return new PolicySettings(maxRecordBytes, value, roleActions, recordDeletion, maxOptions, maxCriteria,
                escalateAtRisk, auditRetentionDays, namespacePrefixes, requiredApprovals);
    }

    public PolicySettings withRoleActions(TenantRole role, Set<Action> actions) {
        Map<TenantRole, Set<Action>> changed = new EnumMap<>(roleActions);
        changed.put(role, actions);
        return new PolicySettings(maxRecordBytes, maxNamespaces, changed, recordDeletion, maxOptions, maxCriteria,
                escalateAtRisk, auditRetentionDays, namespacePrefixes, requiredApprovals);
    }

    public PolicySettings withRecordDeletion(boolean value) {
        return new PolicySettings(maxRecordBytes, maxNamespaces, roleActions, value, maxOptions, maxCriteria,
                escalateAtRisk, auditRetentionDays, namespacePrefixes, requiredApprovals);
    }

    public PolicySettings withMaxOptions(int value) {
        return new PolicySettings(maxRecordBytes, maxNamespaces, roleActions, recordDeletion, value, maxCriteria,
                escalateAtRisk, auditRetentionDays, namespacePrefixes, requiredApprovals);
    }

    public PolicySettings withMaxCriteria(int value) {
        return new PolicySettings(maxRecordBytes, maxNamespaces, roleActions, recordDeletion, maxOptions, value,
                escalateAtRisk, auditRetentionDays, namespacePrefixes, requiredApprovals);
    }

    public PolicySettings withEscalateAtRisk(RiskLevel value) {
        return new PolicySettings(maxRecordBytes, maxNamespaces, roleActions, recordDeletion, maxOptions, maxCriteria,
                value, auditRetentionDays, namespacePrefixes, requiredApprovals);
    }

    public PolicySettings withAuditRetentionDays(int value) {
        return new PolicySettings(maxRecordBytes, maxNamespaces, roleActions, recordDeletion, maxOptions, maxCriteria,
                escalateAtRisk, value, namespacePrefixes, requiredApprovals);
    }

    public PolicySettings withNamespacePrefixes(NamespacePrefixes value) {
        return new PolicySettings(maxRecordBytes, maxNamespaces, roleActions, recordDeletion, maxOptions, maxCriteria,
                escalateAtRisk, auditRetentionDays, value, requiredApprovals);
    }

    public PolicySettings withRequiredApprovals(int value) {
        return new PolicySettings(maxRecordBytes, maxNamespaces, roleActions, recordDeletion, maxOptions, maxCriteria,
                escalateAtRisk, auditRetentionDays, namespacePrefixes, value);
    }
}
