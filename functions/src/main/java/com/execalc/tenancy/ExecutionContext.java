package com.execalc.tenancy;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The disposable context of one request of one tenant.
 *
 * <p>Opened when an invocation starts and closed in {@code finally} when it ends, also on exceptions. It owns whatever is
 * tenant-scoped for the request (credentials, the tenant's data access, the audit recorder) and closes it with itself.
 * After {@link #close()} every accessor throws {@link ExecutionContextClosedException}, so nothing that kept a reference
 * can act for the tenant in a later request. Not shared between threads: one request, one thread.
 */
public final class ExecutionContext implements AutoCloseable {

    private final TenantContext tenant;
    private final Instant openedAt;
    private final boolean isolatedEnvironment;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private volatile boolean closed;

    private ExecutionContext(TenantContext tenant, Instant openedAt, boolean isolatedEnvironment) {
        this.tenant = tenant;
        this.openedAt = openedAt;
        this.isolatedEnvironment = isolatedEnvironment;
    }

    /**
     * Opens the context of one request.
     *
     * @param tenant                   the identity the authorizer resolved
     * @param isolatedEnvironmentTenant the tenant Lambda bound this execution environment to ({@code
     *                                 Context.getTenantId()}), or {@code null} when the function does not run in
     *                                 tenant-isolation mode
     * @param now                      when the request started
     * @throws IsolationBreachException when the environment is bound to another tenant
     */
    public static ExecutionContext open(TenantContext tenant, String isolatedEnvironmentTenant, Instant now) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(now, "now");
        if (isolatedEnvironmentTenant != null && !isolatedEnvironmentTenant.equals(tenant.tenantId().value())) {
            throw new IsolationBreachException("Request " + tenant.requestId()
                    + " was resolved to a tenant other than the one its execution environment is isolated for.");
        }
        return new ExecutionContext(tenant, now, isolatedEnvironmentTenant != null);
    }

    public TenantContext tenant() {
        ensureOpen();
        return tenant;
    }

    public TenantId tenantId() {
        return tenant().tenantId();
    }

    public String requestId() {
        return tenant().requestId();
    }

    public Instant openedAt() {
        ensureOpen();
        return openedAt;
    }

    /**
     * Whether the request runs in an execution environment that Lambda bound to this tenant (tenant-isolation mode),
     * so that something kept in the environment between requests can only ever serve this tenant.
     */
    public boolean isolatedEnvironment() {
        ensureOpen();
        return isolatedEnvironment;
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Hands a tenant-scoped resource to this context, which closes it (last owned, first closed) when it closes. */
    public <T extends AutoCloseable> T own(T resource) {
        ensureOpen();
        owned.push(Objects.requireNonNull(resource, "resource"));
        return resource;
    }

    /** Ends the request: the context becomes unusable and its resources are closed. Closing twice is harmless. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Closing a resource of request " + tenant.requestId() + " failed.", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ExecutionContextClosedException(tenant.requestId());
        }
    }

    @Override
    public String toString() {
        return "ExecutionContext[tenant=" + tenant.tenantId() + ", request=" + tenant.requestId()
                + (closed ? ", closed" : ", open") + "]";
    }
}
