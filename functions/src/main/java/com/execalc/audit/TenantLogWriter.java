package com.execalc.audit;

import java.util.List;

/**
 * What the audit shipper needs of CloudWatch Logs, for one tenant's audit log group only: implementations are bound to
 * one tenant when they are made and refuse any other group.
 */
public interface TenantLogWriter {

    /** One log event: when, and the JSON line. */
    record LogLine(long timestampMillis, String message) {
    }

    /** Creates the stream in the tenant's group unless it exists. */
    void ensureStream(String stream);

    /** Appends lines, in time order, to a stream of the tenant's group. */
    void put(String stream, List<LogLine> lines);

    /**
     * Sets the tenant's group's retention to the shortest period CloudWatch Logs accepts that is at least {@code days}
     * ({@link LogRetention#atLeast}), replacing the one it had, longer or not, as CloudWatch's PutRetentionPolicy does:
     * the caller decides that it is a raise.
     */
    void setRetention(int days);

    /** Makes writers, each bound to one tenant's group, with credentials that reach only that group. */
    interface Factory {
        TenantLogWriter forTenant(com.execalc.tenancy.ExecutionContext context);
    }
}
