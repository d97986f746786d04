/**
 * The control plane: the tenant registry and the platform-operator operations on it, a tenant's lifecycle included
 * (offboarding, purge, tier change, usage).
 *
 * <p>Invariants of this package:
 * <ul>
 *   <li>Tenants are first-class and never implicit: a tenant exists only once a platform operator registered it.</li>
 *   <li>Every operation acts on exactly one tenant, named by the operator's request.</li>
 *   <li>Only platform operators reach these operations. A tenant member's request is let through by the gateway and
 *       refused here, before anything is read, with one audit event in the member's own tenant (never in the tenant
 *       its path names).</li>
 *   <li>Every request that names a registered tenant leaves exactly one event in that tenant's audit, refusals for
 *       invalid input included; a tenant that is not registered owns no audit partition.</li>
 *   <li>The registry table holds one item per tenant, keyed by {@code tenantId}; it is read with GetItem and written
 *       with conditional PutItem/UpdateItem only.</li>
 *   <li>A change of a tenant's standing reaches the gateway at once: its API key is enabled exactly while it is active,
 *       and every status or audit-shard change flushes the gateway's authorizer cache. A change stored but not yet told
 *       to the gateway is answered 503, to be repeated; it is never reported as done.</li>
 * </ul>
 */
package com.execalc.controlplane;
