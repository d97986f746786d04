package com.execalc.infra;

import com.execalc.access.StsTenantCredentials;
import com.execalc.access.TenantAccessPolicies;
import com.execalc.audit.OperatorPolicies;
import com.execalc.audit.TenantLogGroups;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.CfnRole;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyDocumentProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The IAM that acts for one tenant at a time, always chosen by the session tag {@value #TENANT_TAG}:
 * <ul>
 *   <li>the tenant-access role, whose sessions are the only principals with DynamoDB data access: its policy is
 *       {@link TenantAccessPolicies#rolePolicy} (keys pinned to {@code ${aws:PrincipalTag/tenant_id}}, Deny without
 *       keys or without the tag), and each request narrows it further with its own session policy; only the tenant
 *       API may assume it;</li>
 *   <li>the tenant-purge role, with exactly the tenant-access role's policy, assumed only by the control plane to
 *       delete an offboarded tenant's data (a purge): each session narrowed to that tenant by the same session policy
 *       as the tenant API's, and checked by the same key guard;</li>
 *   <li>the tenant-audit role, the same without any data access ({@link TenantAccessPolicies#auditRolePolicy}), for
 *       the functions that only audit inside a tenant: the authorizer, the control plane and the audit shipper;</li>
 *   <li>the tenant-log-writer role, whose sessions may only write the audit log group of the tagged tenant;</li>
 *   <li>the tenant audit reader policy, for the IAM principals of a tenant's own operators, tagged with their
 *       tenant: Logs Insights and log reads on that tenant's audit log group only
 *       ({@link OperatorPolicies#template}).</li>
 * </ul>
 * Each role trusts only the named function roles, and only for a request that sets exactly the tag {@value #TENANT_TAG}
 * to a non-empty value.
 */
public final class TenantIam extends Construct {

    /** The session tag that names the tenant, as the functions set it. */
    public static final String TENANT_TAG = StsTenantCredentials.TENANT_TAG;

    /** Per-tenant CloudWatch log groups live under this prefix: {@code /execalc/tenants/<tenant>/audit}. */
    public static final String TENANT_LOG_GROUP_PREFIX = TenantLogGroups.DEFAULT_PREFIX;

    private static final String TAGGED_TENANT = "${aws:PrincipalTag/" + TENANT_TAG + "}";

    private final Role tenantAccess;
    private final Role tenantAuditAccess;
    private final Role tenantPurge;
    private final Role tenantLogWriter;
    private final ManagedPolicy auditReader;

    public TenantIam(Construct scope, String id, DataTables tables, FunctionRoles functions) {
        super(scope, id);
        tenantAccess = dataRole("TenantAccess", "TenantAccessRole", tables, functions.dataAccessors(),
                "Tenant-scoped DynamoDB access; every session is tagged with its tenant and narrowed by a session policy");
        // the purge's own role: the control plane gets data access only through it, and only ever to delete a tenant
        // that an operator offboarded; its policy is the tenant-access role's, written once
        tenantPurge = dataRole("TenantPurge", "TenantPurgeRole", tables, functions.purgers(),
                "Tenant-scoped DynamoDB access for the control plane's purge of an offboarded tenant; every session is "
                        + "tagged with its tenant and narrowed by the tenant API's session policy");

        tenantAuditAccess = Role.Builder.create(this, "TenantAuditAccess")
                .assumedBy(new ArnPrincipal(functions.auditShipper().getRoleArn()))
                .description("Tenant-scoped audit access only (insert and read events and ledger entries); every "
                        + "session is tagged with its tenant and narrowed by a session policy")
                .inlinePolicies(Map.of("TenantScopedAudit", PolicyDocument.fromJson(
                        json(TenantAccessPolicies.auditRolePolicy(tables.data().getTableArn(),
                                tables.audit().getTableArn())))))
                .build();
        trustTaggedSessionsOf(tenantAuditAccess, "TenantAuditAccessRole", functions.auditAccessors());

        tenantLogWriter = Role.Builder.create(this, "TenantLogWriter")
                .assumedBy(new ArnPrincipal(functions.auditShipper().getRoleArn()))
                .description("Writes the audit log group of the tenant its session is tagged with, nothing else")
                .inlinePolicies(Map.of("TaggedTenantAuditLog", new PolicyDocument(
                        PolicyDocumentProps.builder().statements(List.of(
                                PolicyStatement.Builder.create().sid("WriteTaggedTenantAuditLog")
                                        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                                        .resources(List.of(tenantAuditLogGroupArn(TAGGED_TENANT) + ":*"))
                                        .build(),
                                // the shipper raises the group's retention when the tenant's policy asks for longer
                                PolicyStatement.Builder.create().sid("KeepTaggedTenantAuditLogLonger")
                                        .actions(List.of("logs:PutRetentionPolicy"))
                                        .resources(List.of(tenantAuditLogGroupArn(TAGGED_TENANT),
                                                tenantAuditLogGroupArn(TAGGED_TENANT) + ":*"))
                                        .build())).build())))
                .build();
        trustTaggedSessionsOf(tenantLogWriter, "TenantLogWriterRole", List.of(functions.auditShipper()));

        // the document is the functions' own (OperatorPolicies), so that the deployed policy and the one the tests
        // simulate cannot drift apart
        auditReader = ManagedPolicy.Builder.create(this, "TenantAuditReader")
                .description("Attach to the IAM roles or users of a tenant's operators, tagged " + TENANT_TAG
                        + "=<tenant> (and never allowed to change their own tags): Logs Insights over that tenant's "
                        + "audit log group only")
                .document(PolicyDocument.fromJson(json(OperatorPolicies.template(logGroupArn(TENANT_LOG_GROUP_PREFIX)))))
                .build();
    }

    /** A role with the tenant-access policy ({@link TenantAccessPolicies#rolePolicy}), trusted by {@code trusted}. */
    private Role dataRole(String id, String logicalId, DataTables tables, List<Role> trusted, String description) {
        Role role = Role.Builder.create(this, id)
                .assumedBy(new ArnPrincipal(trusted.get(0).getRoleArn()))
                .description(description)
                .inlinePolicies(Map.of("TenantScopedData", PolicyDocument.fromJson(
                        json(TenantAccessPolicies.rolePolicy(tables.data().getTableArn(),
                                tables.audit().getTableArn())))))
                .build();
        trustTaggedSessionsOf(role, logicalId, trusted);
        return role;
    }

    /**
     * Replaces a role's trust policy with one statement: the given function roles may assume it and tag the session,
     * only when the request sets the tenant tag to a non-empty value and sets no other tag.
     */
    private static void trustTaggedSessionsOf(Role role, String logicalId, List<Role> trusted) {
        List<IPrincipal> principals = trusted.stream()
                .map(fn -> (IPrincipal) new ArnPrincipal(fn.getRoleArn()))
                .toList();
        PolicyStatement trust = PolicyStatement.Builder.create()
                .sid("FunctionRolesWithTenantTagOnly")
                .effect(Effect.ALLOW)
                .principals(principals)
                .actions(List.of("sts:AssumeRole", "sts:TagSession"))
                .conditions(Map.of(
                        "StringLike", Map.of("aws:RequestTag/" + TENANT_TAG, "?*"),
                        "ForAllValues:StringEquals", Map.of("aws:TagKeys", List.of(TENANT_TAG))))
                .build();
        CfnRole cfn = (CfnRole) role.getNode().getDefaultChild();
        cfn.setAssumeRolePolicyDocument(new PolicyDocument(
                PolicyDocumentProps.builder().statements(List.of(trust)).build()));
        cfn.overrideLogicalId(logicalId);
        for (Role function : trusted) {
            FunctionRoles.allow(function, "AssumeTaggedSession" + logicalId,
                    List.of("sts:AssumeRole", "sts:TagSession"), List.of(role.getRoleArn()));
        }
    }

    /** Every log group under {@link #TENANT_LOG_GROUP_PREFIX}, whichever tenant: what onboarding manages. */
    static String tenantLogGroupsArn() {
        return logGroupArn(TENANT_LOG_GROUP_PREFIX + "/*");
    }

    /** The ARN of a tenant's audit log group, without the {@code :*} suffix. */
    static String tenantAuditLogGroupArn(String tenant) {
        return logGroupArn(TENANT_LOG_GROUP_PREFIX + "/" + tenant + "/audit");
    }

    private static String logGroupArn(String name) {
        return "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:" + name;
    }

    private static Map<String, Object> json(Object policy) {
        return new ObjectMapper().convertValue(policy, new TypeReference<Map<String, Object>>() {
        });
    }

    public Role tenantAccess() {
        return tenantAccess;
    }

    public Role tenantPurge() {
        return tenantPurge;
    }

    public Role tenantAuditAccess() {
        return tenantAuditAccess;
    }

    public Role tenantLogWriter() {
        return tenantLogWriter;
    }

    public ManagedPolicy auditReader() {
        return auditReader;
    }
}
