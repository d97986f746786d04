package com.execalc.governance;

import java.util.Optional;

/** Everything a tenant request can do, as governance, policies and the audit trail name it. */
public enum Action {
    SESSION_DESCRIBE("session.describe", false),
    NAMESPACE_CREATE("namespace.create", true),
    NAMESPACE_LIST("namespace.list", true),
    NAMESPACE_DELETE("namespace.delete", true),
    RECORD_PUT("record.put", true),
    RECORD_GET("record.get", true),
    RECORD_LIST("record.list", true),
    RECORD_DELETE("record.delete", true),
    EXECUTION_RUN("execution.run", true),
    EXECUTION_GET("execution.get", true),
    EXECUTION_LIST("execution.list", true),
    EXECUTION_REVIEW("execution.review", true),
    AUDIT_QUERY("audit.query", true),
    POLICY_GET("policy.get", false),
    POLICY_PUT("policy.put", false);

    private final String wireName;
    private final boolean configurable;

    Action(String wireName, boolean configurable) {
        this.wireName = wireName;
        this.configurable = configurable;
    }

    /** The name in audit events and policies, e.g. {@code record.put}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Whether policies grant this action per role. The others are fixed: every member may describe its session and read
     * the policy, only admins may change it, so that no policy can lock a tenant out of its own governance.
     */
    public boolean configurable() {
        return configurable;
    }

    public static Optional<Action> fromWireName(String name) {
        for (Action action : values()) {
            if (action.wireName.equals(name)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
