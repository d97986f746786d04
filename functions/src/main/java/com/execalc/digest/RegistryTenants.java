package com.execalc.digest;

import com.execalc.controlplane.TenantRegistry;

import java.time.Duration;

/**
 * The tenants to digest, from the registry's directory index ({@link TenantRegistry#directory}): every registered
 * tenant, active or suspended (a suspended tenant's trail still grows with the refusals of its members), a page of
 * {@value #PAGE} per Query.
 */
public final class RegistryTenants implements DigestedTenants {

    private static final int PAGE = 100;
    /**
     * How long before its registry entry a tenant's first event can be: the control plane writes the event of the
     * registration ahead of the entry, within one call's timeout. The first period of each chain starts this early.
     */
    static final Duration REGISTRATION_SLACK = Duration.ofSeconds(10);

    private final TenantRegistry registry;

    public RegistryTenants(TenantRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Page page(String cursor) {
        TenantRegistry.DirectoryPage page = registry.directory(cursor, PAGE);
        return new Page(page.tenants().stream()
                .map(tenant -> new Tenant(tenant.tenantId(), tenant.auditShards(),
                        tenant.createdAt().minus(REGISTRATION_SLACK)))
                .toList(), page.next());
    }
}
