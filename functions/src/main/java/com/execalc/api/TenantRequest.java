package com.execalc.api;

import com.execalc.access.TenantDynamoDb;
import com.execalc.audit.RequestAudit;
import com.execalc.governance.Action;
import com.execalc.governance.Decision;
import com.execalc.governance.GovernanceDeniedException;
import com.execalc.governance.GovernanceEngine;
import com.execalc.governance.PolicySettings;
import com.execalc.governance.PolicyStore;
import com.execalc.governance.RequestFacts;
import com.execalc.tenancy.ExecutionId;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.RecordId;
import com.execalc.tenancy.TenantContext;

/**
 * One tenant request in progress: who asks, its data access and audit, its tenant's stored policy (read once, at the
 * start) and the effective policy computed for this request from the global invariants and this tenant's policy only.
 */
final class TenantRequest {

    private final ApiRequest http;
    private final Action action;
    private final TenantContext tenant;
    private final TenantDynamoDb db;
    private final RequestAudit audit;
    private final PolicyStore.Stored storedPolicy;
    private final PolicySettings effective;
    private final GovernanceEngine governance;

    TenantRequest(ApiRequest http, Action action, TenantContext tenant, TenantDynamoDb db, RequestAudit audit,
                  PolicyStore.Stored storedPolicy, PolicySettings effective, GovernanceEngine governance) {
        this.http = http;
        this.action = action;
        this.tenant = tenant;
        this.db = db;
        this.audit = audit;
        this.storedPolicy = storedPolicy;
        this.effective = effective;
        this.governance = governance;
    }

    ApiRequest http() {
        return http;
    }

    TenantContext tenant() {
        return tenant;
    }

    TenantDynamoDb db() {
        return db;
    }

    RequestAudit audit() {
        return audit;
    }

    /** The tenant's policy and its version, as read at the start of this request. */
    PolicyStore.Stored storedPolicy() {
        return storedPolicy;
    }

    PolicySettings effective() {
        return effective;
    }

    /**
     * Governance decides before any data is touched; the decision and its reason go into the audit event.
     *
     * @throws GovernanceDeniedException when it denies
     */
    void decide(RequestFacts facts) {
        Decision decision = governance.decide(tenant, action, facts, effective);
        if (!decision.allowed()) {
            audit.deny(decision.reason());
            throw new GovernanceDeniedException(decision);
        }
        audit.allow(decision.reason());
    }

    /** The namespace of the path, which becomes the audited resource. */
    NamespaceId namespace() {
        NamespaceId namespace = NamespaceId.of(http.pathParameter("ns"));
        audit.resource(namespace.value());
        return namespace;
    }

    /** The record id of the path, which becomes part of the audited resource. */
    RecordId recordId(NamespaceId namespace) {
        RecordId id = RecordId.of(http.pathParameter("id"));
        audit.resource(namespace.value() + "/" + id.value());
        return id;
    }

    /** The execution id of the path, which becomes part of the audited resource. */
    ExecutionId executionId(NamespaceId namespace) {
        ExecutionId id = ExecutionId.of(http.pathParameter("id"));
        audit.resource(namespace.value() + "/" + id.value());
        return id;
    }
}
