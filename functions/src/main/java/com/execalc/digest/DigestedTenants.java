package com.execalc.digest;

import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where the digester learns which tenants there are, with their audit shard counts: the tenant registry's directory
 * index (platform data), read page by page with a Query. Never a Scan, and never tenant data.
 */
@FunctionalInterface
public interface DigestedTenants {

    /**
     * A tenant to digest.
     *
     * @param since when its trail began (its registration): the first period of each shard's chain
     */
    record Tenant(TenantId id, AuditShards shards, Instant since) {
        public Tenant {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(shards, "shards");
            Objects.requireNonNull(since, "since");
        }
    }

    /** A page of tenants, in tenant id order. @param next the cursor of the next page, or {@code null} */
    record Page(List<Tenant> tenants, String next) {
        public Page {
            tenants = List.copyOf(tenants);
        }
    }

    /** The page after {@code cursor}, or the first page when it is {@code null}. */
    Page page(String cursor);
}
