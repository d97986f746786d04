package com.execalc.pipeline;

import com.execalc.access.TenantDynamoDb;
import com.execalc.audit.RequestAudit;
import com.execalc.governance.PolicySettings;
import com.execalc.governance.PolicyStore;
import com.execalc.tenancy.TenantContext;

/**
 * One tenant request in progress, as its route sees it: who asks, its data access and its audit event, its tenant's
 * stored policy (read once, at the start) and the effective policy computed for this request from the global
 * invariants and this tenant's policy only. Made by the pipeline alone, inside the request's execution context.
 */
public final class TenantRequest {

    private final TenantContext tenant;
    private final TenantDynamoDb db;
    private final RequestAudit audit;
    private final PolicyStore.Stored storedPolicy;
    private final PolicySettings effective;

    TenantRequest(TenantContext tenant, TenantDynamoDb db, RequestAudit audit, PolicyStore.Stored storedPolicy,
                  PolicySettings effective) {
        this.tenant = tenant;
        this.db = db;
        this.audit = audit;
        this.storedPolicy = storedPolicy;
        this.effective = effective;
    }

    public TenantContext tenant() {
        return tenant;
    }

    /** The request's data access: reads for its facts and capability; writes need the capability's permit. */
    public TenantDynamoDb db() {
        return db;
    }

    public RequestAudit audit() {
        return audit;
    }

    /** The tenant's policy and its version, as read at the start of this request. */
    public PolicyStore.Stored storedPolicy() {
        return storedPolicy;
    }

    public PolicySettings effective() {
        return effective;
    }
}
