package com.execalc.infra;

import software.amazon.awscdk.services.iam.CfnRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

import java.util.List;

/**
 * One execution role per function, created empty: every permission is added where the resource it concerns is made,
 * as one narrow statement, and no role gets an AWS managed policy. Their logical ids are fixed because the tenant
 * roles' trust policies name them.
 */
public final class FunctionRoles extends Construct {

    private final Role authorizer;
    private final Role tenantApi;
    private final Role controlPlane;
    private final Role auditShipper;
    private final Role auditDigester;

    public FunctionRoles(Construct scope, String id) {
        super(scope, id);
        authorizer = role("Authorizer", "AuthorizerRole", "The tenant authorizer");
        tenantApi = role("TenantApi", "TenantApiRole", "The tenant API: no data access of its own");
        controlPlane = role("ControlPlane", "ControlPlaneRole", "The control plane: the tenant registry and onboarding");
        auditShipper = role("AuditShipper", "AuditShipperRole",
                "The audit shipper: stream in, tenant log groups out, its ledger in the tenant's audit partition");
        auditDigester = role("AuditDigester", "AuditDigesterRole",
                "The audit digester: tenants' trails in, signed digests out (the locked bucket, tenants' audit partitions)");
    }

    private Role role(String id, String logicalId, String description) {
        Role role = Role.Builder.create(this, id)
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(description)
                .build();
        ((CfnRole) role.getNode().getDefaultChild()).overrideLogicalId(logicalId);
        return role;
    }

    /** Adds one statement to a role's policy. */
    static void allow(Role role, String sid, List<String> actions, List<String> resources) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().sid(sid).actions(actions).resources(resources)
                .build());
    }

    public Role authorizer() {
        return authorizer;
    }

    public Role tenantApi() {
        return tenantApi;
    }

    public Role controlPlane() {
        return controlPlane;
    }

    public Role auditShipper() {
        return auditShipper;
    }

    public Role auditDigester() {
        return auditDigester;
    }

    /** The roles allowed to assume the tenant-access role: only the tenant API works with a tenant's data. */
    public List<Role> dataAccessors() {
        return List.of(tenantApi);
    }

    /** The roles allowed to assume the tenant-purge role: only the control plane purges an offboarded tenant. */
    public List<Role> purgers() {
        return List.of(controlPlane);
    }

    /**
     * The roles allowed to assume the tenant-audit role: the functions that act inside a tenant's partition only to
     * audit (the authorizer's denials, the control plane's events, the shipper's ledger next to each event it ships,
     * the digester's reads of the trail and the digests it serves next to it).
     */
    public List<Role> auditAccessors() {
        return List.of(authorizer, controlPlane, auditShipper, auditDigester);
    }
}
