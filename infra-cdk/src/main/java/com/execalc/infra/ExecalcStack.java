package com.execalc.infra;

import com.execalc.wiring.Setting;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Execalc Cloud system in one stack: identity, tables, the tenant-scoped IAM, the audit digests' key and locked
 * bucket, the functions, the API, the audit pipeline and alarms. The stack is environment-agnostic: synthesis needs no AWS account.
 */
public final class ExecalcStack extends Stack {

    private final DeploymentSettings settings;
    private final DataTables tables;
    private final Identity identity;
    private final FunctionRoles roles;
    private final TenantIam tenantIam;
    private final AuditDigestStore digests;
    private final ExecalcFunctions functions;
    private final ExecalcApi api;
    private final AuditPipeline audit;

    public ExecalcStack(Construct scope, String id, StackProps props) {
        this(scope, id, props, DeploymentSettings::fromContext);
    }

    /** A stack whose settings {@code reader} reads from its node's context: tests choose the JDK 25 lookup. */
    ExecalcStack(Construct scope, String id, StackProps props,
                 java.util.function.Function<software.constructs.Node, DeploymentSettings> reader) {
        super(scope, id, props);
        settings = reader.apply(getNode());
        tables = new DataTables(this, "Tables");
        identity = new Identity(this, "Identity", settings);
        roles = new FunctionRoles(this, "Roles");
        tenantIam = new TenantIam(this, "TenantIam", tables, roles);
        digests = new AuditDigestStore(this, "AuditDigests", roles);
        functions = new ExecalcFunctions(this, "Functions", settings, tables, roles, tenantIam,
                identity.tokenIssuer(), digests);
        api = new ExecalcApi(this, "Api", settings, functions);
        onboarding();
        audit = new AuditPipeline(this, "Audit", tables, functions);
        new Alarms(this, "Alarms", api, functions, audit);
        NagFindings.suppress(this);
        outputs();
    }

    /**
     * The control plane creates each new tenant's API key in its tier's usage plan, enables or disables it with the
     * tenant's status, and flushes the stage's authorizer cache when a tenant's standing changes.
     */
    private void onboarding() {
        String apiGateway = "arn:" + Aws.PARTITION + ":apigateway:" + Aws.REGION + "::";
        List<String> resources = new ArrayList<>();
        resources.add(apiGateway + "/apikeys");
        for (ExecalcApi.Tier tier : ExecalcApi.Tier.values()) {
            String planId = api.usagePlan(tier).getUsagePlanId();
            functions.controlPlane().addEnvironment(tier.environmentVariable(), planId);
            resources.add(apiGateway + "/usageplans/" + planId + "/keys");
        }
        FunctionRoles.allow(roles.controlPlane(), "CreateTenantApiKeys", List.of("apigateway:POST"), resources);
        // GetApiKeys finds a tenant's key by name (it takes no key id), UpdateApiKey flips its enabled flag
        FunctionRoles.allow(roles.controlPlane(), "FindTenantApiKeys", List.of("apigateway:GET"),
                List.of(apiGateway + "/apikeys"));
        FunctionRoles.allow(roles.controlPlane(), "EnableOrDisableTenantApiKeys", List.of("apigateway:PATCH"),
                List.of(apiGateway + "/apikeys/*"));
        // a tier change takes the key out of its old plan; a purge takes it out of its plan and deletes it
        List<String> retired = new ArrayList<>(List.of(apiGateway + "/apikeys/*"));
        for (ExecalcApi.Tier tier : ExecalcApi.Tier.values()) {
            retired.add(apiGateway + "/usageplans/" + api.usagePlan(tier).getUsagePlanId() + "/keys/*");
        }
        FunctionRoles.allow(roles.controlPlane(), "MoveOrRetireTenantApiKeys", List.of("apigateway:DELETE"), retired);
        String restApiId = api.api().getRestApiId();
        functions.controlPlane().addEnvironment(Setting.REST_API_ID.variable(), restApiId);
        functions.controlPlane().addEnvironment(Setting.API_STAGE.variable(), ExecalcApi.STAGE);
        FunctionRoles.allow(roles.controlPlane(), "FlushAuthorizerCache", List.of("apigateway:DELETE"),
                List.of(apiGateway + "/restapis/" + restApiId + "/stages/" + ExecalcApi.STAGE + "/cache/authorizers"));
    }

    private void outputs() {
        output("ApiUrl", api.api().getUrl(), "The API's base URL (stage " + ExecalcApi.STAGE + ")");
        output("JwtIssuer", identity.tokenIssuer().issuer(), "The token issuer the authorizer trusts");
        output("JwtAudience", identity.tokenIssuer().audience(), "The audience the authorizer requires");
        identity.userPool().ifPresent(pool -> output("UserPoolId", pool.getUserPoolId(), "The Cognito user pool"));
        output("TenantRegistryTableName", tables.registry().getTableName(), "The tenant registry table");
        output("TenantDataTableArn", tables.data().getTableArn(), "The tenant data table");
        output("AuditTableArn", tables.audit().getTableArn(), "The audit table");
        output("TenantAccessRoleArn", tenantIam.tenantAccess().getRoleArn(), "Tenant-scoped DynamoDB access");
        output("TenantPurgeRoleArn", tenantIam.tenantPurge().getRoleArn(),
                "Tenant-scoped DynamoDB access for the control plane's purges");
        output("TenantAuditAccessRoleArn", tenantIam.tenantAuditAccess().getRoleArn(),
                "Tenant-scoped audit access (authorizer, control plane, audit shipper, audit digester)");
        output("TenantLogWriterRoleArn", tenantIam.tenantLogWriter().getRoleArn(), "Tenant audit log writer");
        output("TenantAuditReaderPolicyArn", tenantIam.auditReader().getManagedPolicyArn(),
                "Attach to a tenant's operators, tagged tenant_id=<tenant>");
        for (ExecalcApi.Tier tier : ExecalcApi.Tier.values()) {
            output("UsagePlanId" + tier.name().charAt(0) + tier.wireName().substring(1),
                    api.usagePlan(tier).getUsagePlanId(), "The usage plan of tier " + tier.wireName());
        }
        output("AuditDigestBucketName", digests.archive().getBucketName(),
                "The Object Lock bucket of the signed audit digests, one prefix per tenant");
        output("AuditDigestSigningKeyArn", digests.signingKey().getKeyArn(),
                "The KMS key that signs the audit digests (its public key: GET /audit/signing-key)");
        output("AuditShipperFailureQueueUrl", audit.shipperFailures().getQueueUrl(),
                "Stream positions of audit batches that exhausted their retries");
        output("TenancyMode", settings.tenancyMode().name().toLowerCase(Locale.ROOT),
                "isolated: one tenant per execution environment; shared: SnapStart, environments shared");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public DeploymentSettings settings() {
        return settings;
    }

    public DataTables tables() {
        return tables;
    }

    public Identity identity() {
        return identity;
    }

    public FunctionRoles roles() {
        return roles;
    }

    public TenantIam tenantIam() {
        return tenantIam;
    }

    public AuditDigestStore digests() {
        return digests;
    }

    public ExecalcFunctions functions() {
        return functions;
    }

    public ExecalcApi api() {
        return api;
    }

    public AuditPipeline audit() {
        return audit;
    }
}
