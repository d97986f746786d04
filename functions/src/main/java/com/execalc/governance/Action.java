package com.execalc.governance;

/** Everything a tenant request can do, as governance and the audit trail name it. */
public enum Action {
    SESSION_DESCRIBE("session.describe"),
    NAMESPACE_CREATE("namespace.create"),
    NAMESPACE_LIST("namespace.list"),
    NAMESPACE_DELETE("namespace.delete"),
    RECORD_PUT("record.put"),
    RECORD_GET("record.get"),
    RECORD_LIST("record.list"),
    RECORD_DELETE("record.delete");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    /** The name in audit events and policies, e.g. {@code record.put}. */
    public String wireName() {
        return wireName;
    }
}
