package com.execalc.infra;

import com.execalc.ingress.TokenSettings;
import com.execalc.ingress.TokenVerifier;
import com.execalc.tenancy.TenantRole;
import com.execalc.wiring.Setting;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.CfnUserPool;
import software.amazon.awscdk.services.cognito.ClientAttributes;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.LambdaVersion;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardAttributesMask;
import software.amazon.awscdk.services.cognito.StringAttribute;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolGroup;
import software.amazon.awscdk.services.cognito.UserPoolOperation;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who issues the bearer tokens the authorizer verifies: by default a Cognito user pool created here, or an external
 * OIDC issuer named in context ({@link DeploymentSettings.ExternalIssuer}).
 *
 * <p>The Cognito pool has the immutable custom attribute {@code tenant_id} (claim {@code custom:tenant_id}), one group
 * per tenant role plus {@code platform-admin} (claim {@code cognito:groups}), no self sign-up (an administrator creates
 * every user, with the tenant set once), required TOTP MFA, and an app client that cannot write {@code tenant_id}.
 * Cognito puts custom attributes in ID tokens only; a pre-token-generation trigger (V2_0 events, which need the
 * Essentials feature plan) adds the tenant claim to access tokens too, so that members send access tokens, the
 * authorizer's default kind ({@code token-use}); ID tokens stay possible with {@code -c token-use=id}.
 */
public final class Identity extends Construct {

    /** The Cognito custom attribute whose claim is the functions' default tenant claim, {@code custom:tenant_id}. */
    public static final String TENANT_ATTRIBUTE = TokenSettings.DEFAULT_TENANT_CLAIM.replaceFirst("^custom:", "");

    /** The group of platform operators: they manage tenants through the control plane and belong to no tenant. */
    public static final String PLATFORM_ADMIN_GROUP = TokenVerifier.PLATFORM_ADMIN_ROLE;

    /**
     * Where tokens come from, as the authorizer's environment names it.
     *
     * @param issuer   {@code JWT_ISSUER}
     * @param audience {@code JWT_AUDIENCE}
     * @param jwksUri  {@code JWKS_URI}
     */
    public record TokenIssuer(String issuer, String audience, String jwksUri) {
    }

    /** The trigger's source, a resource of this module: inline code, no package to build or upload. */
    static final String TRIGGER_SOURCE = "pre-token-generation.js";

    private final TokenIssuer tokenIssuer;
    private final UserPool userPool;
    private final Function preTokenGeneration;

    public Identity(Construct scope, String id, DeploymentSettings settings) {
        super(scope, id);
        Optional<DeploymentSettings.ExternalIssuer> external = settings.externalIssuer();
        if (external.isPresent()) {
            userPool = null;
            preTokenGeneration = null;
            tokenIssuer = new TokenIssuer(external.get().issuer(), external.get().audience(), external.get().jwksUri());
            return;
        }
        userPool = UserPool.Builder.create(this, "UserPool")
                // Essentials: the lowest plan whose pre-token-generation trigger may change access tokens
                .featurePlan(FeaturePlan.ESSENTIALS)
                .selfSignUpEnabled(false)
                .signInAliases(SignInAliases.builder().email(true).username(false).build())
                .customAttributes(Map.of(TENANT_ATTRIBUTE, StringAttribute.Builder.create()
                        .minLen(3).maxLen(63).mutable(false).build()))
                .passwordPolicy(PasswordPolicy.builder().minLength(12).requireLowercase(true).requireUppercase(true)
                        .requireDigits(true).requireSymbols(true).tempPasswordValidity(Duration.days(3)).build())
                .mfa(Mfa.REQUIRED)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        ((CfnUserPool) userPool.getNode().getDefaultChild()).overrideLogicalId("UserPool");
        preTokenGeneration = preTokenGenerationTrigger();
        userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, preTokenGeneration, LambdaVersion.V2_0);

        List<String> groups = new ArrayList<>();
        for (TenantRole role : TenantRole.values()) {
            groups.add(role.wireName());
        }
        groups.add(PLATFORM_ADMIN_GROUP);
        for (String group : groups) {
            UserPoolGroup.Builder.create(this, "Group-" + group).userPool(userPool).groupName(group)
                    .description(group.equals(PLATFORM_ADMIN_GROUP)
                            ? "Platform operators: the control plane only, never a tenant's data"
                            : "Tenant role " + group + " (its actions are the governance policy's roles." + group + ")")
                    .build();
        }

        UserPoolClient client = userPool.addClient("ApiClient", UserPoolClientOptions.builder()
                // SRP for applications; admin password sign-in for operators with AWS credentials (docs/DEPLOY.md)
                .authFlows(AuthFlow.builder().userSrp(true).adminUserPassword(true).build())
                .generateSecret(false)
                .preventUserExistenceErrors(true)
                .enableTokenRevocation(true)
                .idTokenValidity(Duration.minutes(60))
                .accessTokenValidity(Duration.minutes(60))
                .refreshTokenValidity(Duration.days(1))
                .readAttributes(new ClientAttributes()
                        .withStandardAttributes(StandardAttributesMask.builder().email(true).emailVerified(true).build())
                        .withCustomAttributes(TENANT_ATTRIBUTE))
                // the tenant is set once by an administrator; no client may write it
                .writeAttributes(new ClientAttributes()
                        .withStandardAttributes(StandardAttributesMask.builder().email(true).build()))
                .build());
        String issuer = "https://cognito-idp." + Aws.REGION + ".amazonaws.com/" + userPool.getUserPoolId();
        tokenIssuer = new TokenIssuer(issuer, client.getUserPoolClientId(), issuer + "/.well-known/jwks.json");
    }

    /** The trigger that adds the tenant claim to access tokens: Node.js, inline, its own role and log group. */
    private Function preTokenGenerationTrigger() {
        LogGroup logs = LogGroup.Builder.create(this, "PreTokenGenerationLogs")
                .retention(ExecalcFunctions.FUNCTION_LOG_RETENTION)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Role role = Role.Builder.create(this, "PreTokenGenerationRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("The pre-token-generation trigger: its own log group only")
                .build();
        FunctionRoles.allow(role, "OwnLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                List.of(logs.getLogGroupArn()));
        Function function = Function.Builder.create(this, "PreTokenGeneration")
                .description("Cognito pre-token-generation trigger: adds the tenant claim to access tokens")
                .runtime(Runtime.NODEJS_24_X)
                .architecture(Architecture.ARM_64)
                .handler("index.handler")
                .code(Code.fromInline(triggerSource()))
                .memorySize(128)
                .timeout(Duration.seconds(5))
                .role(role)
                .environment(Map.of(Setting.TENANT_CLAIM.variable(), TokenSettings.DEFAULT_TENANT_CLAIM))
                .logGroup(logs)
                .loggingFormat(LoggingFormat.JSON)
                .build();
        ((CfnFunction) function.getNode().getDefaultChild()).overrideLogicalId("PreTokenGenerationFunction");
        return function;
    }

    static String triggerSource() {
        try (InputStream source = Identity.class.getResourceAsStream(TRIGGER_SOURCE)) {
            if (source == null) {
                throw new IllegalStateException("The trigger's source " + TRIGGER_SOURCE + " is not on the class path");
            }
            return new String(source.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pre-token-generation trigger, with the Cognito pool. */
    public Optional<Function> preTokenGeneration() {
        return Optional.ofNullable(preTokenGeneration);
    }

    /** The issuer, audience and key set the authorizer verifies tokens against. */
    public TokenIssuer tokenIssuer() {
        return tokenIssuer;
    }

    /** The Cognito user pool, unless an external issuer is configured. */
    public Optional<UserPool> userPool() {
        return Optional.ofNullable(userPool);
    }
}
