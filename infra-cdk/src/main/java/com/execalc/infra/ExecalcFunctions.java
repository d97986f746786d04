package com.execalc.infra;

import com.execalc.api.AuditDigesterHandler;
import com.execalc.api.AuditShipperHandler;
import com.execalc.api.AuthorizerHandler;
import com.execalc.api.ControlPlaneHandler;
import com.execalc.api.TenantApiHandler;
import com.execalc.controlplane.TenantRegistry;
import com.execalc.packaging.PackagedFunction;
import com.execalc.wiring.Setting;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.TenancyConfig;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five functions: JSON logs in a log group of their own with a fixed retention, each with its own role, and
 * either ({@code runtime}, see {@link DeploymentSettings.FunctionRuntime}) each function's provided.al2023 zip with
 * its own Java 25 runtime and AOT cache, on the build machine's architecture, or the one jar on Lambda's java25 on
 * arm64.
 *
 * <ul>
 *   <li>{@value #AUTHORIZER_HANDLER}, {@value #CONTROL_PLANE_HANDLER}: ordinary functions (with SnapStart on the
 *       managed runtime), invoked through their {@value #LIVE_ALIAS} alias.</li>
 *   <li>{@value #TENANT_API_HANDLER}: tenant-isolated ({@code PER_TENANT}) in {@code isolated} mode; shared in
 *       {@code shared} mode (with SnapStart on the managed runtime). Either way invoked through its alias.</li>
 *   <li>{@value #AUDIT_SHIPPER_HANDLER}: an ordinary function fed by the audit table's stream.</li>
 *   <li>{@value #AUDIT_DIGESTER_HANDLER}: an ordinary function run by an EventBridge schedule, every digest period
 *       ({@code auditDigestSeconds}); it signs with the {@link AuditDigestStore}'s key and archives in its bucket.</li>
 * </ul>
 * The environment variables are those {@code com.execalc.wiring.Configuration} reads, each function getting only what
 * it uses.
 */
public final class ExecalcFunctions extends Construct {

    public static final String AUTHORIZER_HANDLER = AuthorizerHandler.class.getName();
    public static final String TENANT_API_HANDLER = TenantApiHandler.class.getName();
    public static final String CONTROL_PLANE_HANDLER = ControlPlaneHandler.class.getName();
    public static final String AUDIT_SHIPPER_HANDLER = AuditShipperHandler.class.getName();
    public static final String AUDIT_DIGESTER_HANDLER = AuditDigesterHandler.class.getName();

    /**
     * The digester's timeout: Lambda's longest. A run measured at about 30 ms per tenant-period locally needs a few
     * minutes for thousands of tenants (docs/SCALING-AUDIT.md); a run cut short is continued by the next.
     */
    public static final Duration AUDIT_DIGESTER_TIMEOUT = Duration.minutes(15);

    /** The alias API Gateway invokes: SnapStart only applies to published versions. */
    public static final String LIVE_ALIAS = "live";

    /** How long the functions' own logs are kept. */
    public static final RetentionDays FUNCTION_LOG_RETENTION = RetentionDays.THREE_MONTHS;

    /** The managed runtime: the newest Java that aws-cdk-lib knows. */
    public static final Runtime RUNTIME = Runtime.JAVA_25;

    /** The OS-only runtime that runs each function's own Java 25 ({@code bootstrap} at its zip's root). */
    public static final Runtime AOT_RUNTIME = Runtime.PROVIDED_AL2023;

    private final Function authorizer;
    private final Function tenantApi;
    private final Function controlPlane;
    private final Function auditShipper;
    private final Function auditDigester;
    private final Rule auditDigestSchedule;
    private final Alias authorizerLive;
    private final Alias tenantApiLive;
    private final Alias controlPlaneLive;
    private final Secret cursorSecret;
    private final Map<Function, LogGroup> logGroups = new LinkedHashMap<>();
    private final Map<PackagedFunction, Code> code = new java.util.EnumMap<>(PackagedFunction.class);
    private final boolean aot;
    private final Architecture architecture;

    /**
     * @param issuer  the token issuer the authorizer verifies against
     * @param digests the digester's signing key and locked bucket
     */
    public ExecalcFunctions(Construct scope, String id, DeploymentSettings settings, DataTables tables,
                            FunctionRoles roles, TenantIam tenantIam, Identity.TokenIssuer issuer,
                            AuditDigestStore digests) {
        super(scope, id);
        aot = settings.runtime() == DeploymentSettings.FunctionRuntime.AOT;
        if (aot) {
            DeploymentSettings.FunctionPackages packages = settings.requireFunctionPackages();
            packages.zips().forEach((function, zip) -> code.put(function, Code.fromAsset(zip.toString())));
            architecture = packages.architecture().equals("arm64") ? Architecture.ARM_64 : Architecture.X86_64;
        } else {
            Code jar = Code.fromAsset(settings.requireFunctionsJar().toString());
            for (PackagedFunction function : PackagedFunction.values()) {
                code.put(function, jar);
            }
            architecture = Architecture.ARM_64;
        }
        boolean isolated = settings.tenancyMode() == DeploymentSettings.TenancyMode.ISOLATED;

        // 64 letters and digits are valid base64 for 48 bytes; CloudFormation resolves the value into the functions'
        // environment at deploy time (see docs/DEPLOY.md for what that trades off)
        cursorSecret = Secret.Builder.create(this, "CursorSecret")
                .description("Seals the tenant API's pagination cursors: base64 of 48 random bytes")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64).excludePunctuation(true).includeSpace(false).build())
                .build();

        // the tenant API assumes the data-and-audit role; the others only ever audit inside a tenant: the audit role
        Map<String, String> tenantTables = Map.of(
                Setting.DATA_TABLE_ARN.variable(), tables.data().getTableArn(),
                Setting.AUDIT_TABLE_ARN.variable(), tables.audit().getTableArn(),
                Setting.TENANT_ACCESS_ROLE_ARN.variable(), tenantIam.tenantAccess().getRoleArn());
        Map<String, String> tenantAuditTables = new LinkedHashMap<>(tenantTables);
        tenantAuditTables.put(Setting.TENANT_ACCESS_ROLE_ARN.variable(), tenantIam.tenantAuditAccess().getRoleArn());

        Map<String, String> authorizerEnv = new LinkedHashMap<>(tenantAuditTables);
        authorizerEnv.put(Setting.REGISTRY_TABLE.variable(), tables.registry().getTableName());
        authorizerEnv.put(Setting.JWT_ISSUER.variable(), issuer.issuer());
        authorizerEnv.put(Setting.JWT_AUDIENCE.variable(), issuer.audience());
        authorizerEnv.put(Setting.JWKS_URI.variable(), issuer.jwksUri());
        // every identity setting explicitly, defaults included (the clock skew among them), so the template says it all
        settings.tokenOptions().forEach((setting, value) -> authorizerEnv.put(setting.variable(), value));
        authorizer = function("Authorizer", "AuthorizerFunction", AUTHORIZER_HANDLER,
                code.get(PackagedFunction.AUTHORIZER), roles.authorizer(),
                authorizerEnv, Duration.seconds(10), true, false,
                "REQUEST authorizer: verifies the bearer token and resolves exactly one tenant");

        Map<String, String> tenantApiEnv = new LinkedHashMap<>(tenantTables);
        tenantApiEnv.put(Setting.CURSOR_SECRET.variable(), cursorSecret.getSecretValue().unsafeUnwrap());
        tenantApi = function("TenantApi", "TenantApiFunction", TENANT_API_HANDLER,
                code.get(PackagedFunction.TENANT_API), roles.tenantApi(),
                tenantApiEnv, Duration.seconds(20), !isolated, isolated,
                "Every tenant route" + (isolated ? ", in tenant-isolation mode" : ", shared mode"));

        Map<String, String> controlPlaneEnv = new LinkedHashMap<>(tenantAuditTables);
        controlPlaneEnv.put(Setting.REGISTRY_TABLE.variable(), tables.registry().getTableName());
        // a purge deletes with sessions of the purge role, narrowed to the tenant; the grace period before it
        controlPlaneEnv.put(Setting.PURGE_ROLE_ARN.variable(), tenantIam.tenantPurge().getRoleArn());
        controlPlaneEnv.put(Setting.OFFBOARDING_GRACE_DAYS.variable(),
                Integer.toString(settings.offboardingGraceDays()));
        controlPlaneEnv.put(Setting.TENANT_LOG_GROUP_PREFIX.variable(), TenantIam.TENANT_LOG_GROUP_PREFIX);
        controlPlane = function("ControlPlane", "ControlPlaneFunction", CONTROL_PLANE_HANDLER,
                code.get(PackagedFunction.CONTROL_PLANE),
                roles.controlPlane(), controlPlaneEnv, Duration.seconds(20), true, false,
                "Control plane: platform operators onboard, suspend, offboard, purge and describe tenants");
        // a name known before the function exists, so that API Gateway can integrate with it while this function's
        // environment names the usage plans of the API's stage (see ExecalcApi)
        ((CfnFunction) controlPlane.getNode().getDefaultChild())
                .setFunctionName(controlPlaneFunctionName());

        // the shipper keeps its ledger next to each event, in the tenant's audit partition, with tenant credentials
        Map<String, String> auditShipperEnv = new LinkedHashMap<>(tenantAuditTables);
        auditShipperEnv.put(Setting.TENANT_LOG_ROLE_ARN.variable(), tenantIam.tenantLogWriter().getRoleArn());
        auditShipperEnv.put(Setting.TENANT_LOG_GROUP_PREFIX.variable(), TenantIam.TENANT_LOG_GROUP_PREFIX);
        auditShipper = function("AuditShipper", "AuditShipperFunction", AUDIT_SHIPPER_HANDLER,
                code.get(PackagedFunction.AUDIT_SHIPPER),
                roles.auditShipper(), auditShipperEnv,
                Duration.seconds(60), false, false,
                "Ships each new audit event to its tenant's CloudWatch log group, with that tenant's credentials");

        // the digester reads each tenant's trail and serves its digests with that tenant's audit credentials, finds
        // the tenants in the registry's directory index, signs with the key and archives in the locked bucket
        Map<String, String> auditDigesterEnv = new LinkedHashMap<>(tenantAuditTables);
        auditDigesterEnv.put(Setting.REGISTRY_TABLE.variable(), tables.registry().getTableName());
        auditDigesterEnv.put(Setting.AUDIT_DIGEST_SECONDS.variable(),
                Long.toString(settings.auditDigestPeriod().toSeconds().longValue()));
        auditDigesterEnv.put(Setting.AUDIT_DIGEST_KEY_ID.variable(), digests.signingKey().getKeyArn());
        auditDigesterEnv.put(Setting.AUDIT_DIGEST_BUCKET.variable(), digests.archive().getBucketName());
        auditDigester = function("AuditDigester", "AuditDigesterFunction", AUDIT_DIGESTER_HANDLER,
                code.get(PackagedFunction.AUDIT_DIGESTER), roles.auditDigester(), auditDigesterEnv,
                AUDIT_DIGESTER_TIMEOUT, false, false,
                "Signs a chained digest of each tenant's audit trail per shard and period, and archives it locked");
        auditDigestSchedule = Rule.Builder.create(this, "AuditDigestSchedule")
                .description("Runs the audit digester once per digest period")
                .schedule(Schedule.rate(Duration.minutes(settings.auditDigestPeriod().toMinutes())))
                .targets(List.of(LambdaFunction.Builder.create(auditDigester)
                        // EventBridge retries handing the event to Lambda, Lambda retries a failed run twice
                        // (asynchronous invocation); a run missed all the same is caught up by the next, in order
                        .retryAttempts(2)
                        .maxEventAge(settings.auditDigestPeriod())
                        .build()))
                .build();
        FunctionRoles.allow(roles.auditDigester(), "ListTenantDirectory", List.of("dynamodb:Query"),
                List.of(tables.registry().getTableArn() + "/index/" + TenantRegistry.DIRECTORY_INDEX));
        FunctionRoles.allow(roles.auditDigester(), "SignAuditDigests", List.of("kms:Sign", "kms:GetPublicKey"),
                List.of(digests.signingKey().getKeyArn()));
        // PutObject (with If-None-Match) and GetObject only: no delete, no retention or legal-hold change; ListBucket
        // so that a period not archived yet reads as absent (404), not as denied (403)
        FunctionRoles.allow(roles.auditDigester(), "ArchiveAuditDigestsWriteOnce",
                List.of("s3:PutObject", "s3:GetObject"), List.of(digests.archive().arnForObjects("*")));
        FunctionRoles.allow(roles.auditDigester(), "FindArchivedAuditDigests", List.of("s3:ListBucket"),
                List.of(digests.archive().getBucketArn()));

        authorizerLive = alias("AuthorizerLive", authorizer);
        tenantApiLive = alias("TenantApiLive", tenantApi);
        controlPlaneLive = alias("ControlPlaneLive", controlPlane);

        FunctionRoles.allow(roles.authorizer(), "ReadTenantRegistry", List.of("dynamodb:GetItem"),
                List.of(tables.registry().getTableArn()));
        // a purge that needs more than one round continues in an asynchronous invocation of the function itself (its
        // name is known before it exists, so the statement names it without a reference cycle)
        FunctionRoles.allow(roles.controlPlane(), "ContinuePurgeAsynchronously", List.of("lambda:InvokeFunction"),
                List.of(Fn.join("", List.of("arn:", Aws.PARTITION, ":lambda:", Aws.REGION, ":", Aws.ACCOUNT_ID,
                        ":function:", controlPlaneFunctionName()))));
        FunctionRoles.allow(roles.controlPlane(), "ManageTenantRegistry",
                List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
                List.of(tables.registry().getTableArn()));
        // onboarding creates and tags a tenant's group and sets its retention; no code deletes one (a tenant's audit
        // trail outlives its activity), so the role may not either
        FunctionRoles.allow(roles.controlPlane(), "ManageTenantLogGroups",
                List.of("logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:TagResource"),
                List.of(TenantIam.tenantLogGroupsArn()));
    }

    private Function function(String id, String logicalId, String handler, Code code, Role role,
                              Map<String, String> environment, Duration timeout, boolean snapStart,
                              boolean tenantIsolated, String description) {
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                .retention(FUNCTION_LOG_RETENTION)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Map<String, String> env = new LinkedHashMap<>(environment);
        if (!aot) {
            // C1 only: the functions are short request handlers, where a fast start beats peak throughput (the
            // packages' bootstrap sets this and Lambda's other start-up options itself)
            env.put(Setting.JAVA_TOOL_OPTIONS.variable(), "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        }
        Function.Builder builder = Function.Builder.create(this, id)
                .description(description)
                .runtime(aot ? AOT_RUNTIME : RUNTIME)
                .architecture(architecture)
                .handler(handler)
                .code(code)
                .memorySize(1024)
                .timeout(timeout)
                .role(role)
                .environment(env)
                .logGroup(logs)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.WARN);
        if (snapStart && !aot) {
            // Lambda offers SnapStart on its managed runtimes only; the AOT cache is what the packages have instead
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        if (tenantIsolated) {
            builder.tenancyConfig(TenancyConfig.PER_TENANT);
        }
        Function function = builder.build();
        ((CfnFunction) function.getNode().getDefaultChild()).overrideLogicalId(logicalId);
        logGroups.put(function, logs);
        FunctionRoles.allow(role, "OwnLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                List.of(logs.getLogGroupArn()));
        return function;
    }

    /** The control plane's function name, {@code <stack name>-control-plane}. */
    static String controlPlaneFunctionName() {
        return Fn.join("-", List.of(Aws.STACK_NAME, "control-plane"));
    }

    private Alias alias(String id, Function function) {
        return Alias.Builder.create(this, id).aliasName(LIVE_ALIAS).version(function.getCurrentVersion()).build();
    }

    public Function authorizer() {
        return authorizer;
    }

    public Function tenantApi() {
        return tenantApi;
    }

    public Function controlPlane() {
        return controlPlane;
    }

    public Function auditShipper() {
        return auditShipper;
    }

    public Function auditDigester() {
        return auditDigester;
    }

    /** The digester's EventBridge schedule. */
    public Rule auditDigestSchedule() {
        return auditDigestSchedule;
    }

    /** What API Gateway invokes for the authorizer. */
    public IFunction authorizerTarget() {
        return authorizerLive;
    }

    /** What API Gateway invokes for tenant routes. */
    public IFunction tenantApiTarget() {
        return tenantApiLive;
    }

    /** What API Gateway invokes for control-plane routes. */
    public Alias controlPlaneTarget() {
        return controlPlaneLive;
    }

    /** A function's own log group. */
    public LogGroup logGroup(Function function) {
        return logGroups.get(function);
    }

    /** The secret that seals pagination cursors. */
    public Secret cursorSecret() {
        return cursorSecret;
    }
}
