package com.execalc.access;

/** The tenant tables a request may touch. */
public enum TenantTable {
    /** Namespaces, records, executions, policies. */
    DATA,
    /** Insert-only audit events. */
    AUDIT
}
