package com.execalc.wiring;

import com.execalc.audit.TenantLogGroups;
import com.execalc.controlplane.Tier;
import com.execalc.digest.DigestSchedule;
import com.execalc.ingress.TokenSettings;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The functions' environment variables, defined once: their names, what they mean and their defaults. The functions
 * read them through {@link Configuration} only; the CDK app, the local stack and the benchmarks set them by these
 * constants, never by a string of their own (a test searches every module's sources for such a string).
 */
public enum Setting {
    EXECALC_MODE("Where the functions run: AWS (STS credentials, real endpoints) or LOCAL (dynalite, dummy credentials,"
            + " the local token issuer)", Configuration.Mode.AWS.name()),
    AWS_REGION("The Region; set by Lambda", null),
    EXECALC_DYNAMODB_ENDPOINT("The local DynamoDB endpoint; refused outside LOCAL mode", null),
    AWS_ENDPOINT_URL("Read by the AWS SDK, not by Configuration: every other AWS call's endpoint; the local stack"
            + " points it at its gateway, so that a packaged function never reaches AWS", null),
    JAVA_TOOL_OPTIONS("Read by the JVM: the CDK app starts the managed runtime with C1 only", null),
    REGISTRY_TABLE("The tenant registry table's name (authorizer, control plane)", null),
    DATA_TABLE_ARN("The data table's ARN: tenants' namespaces, records, executions and policies", null),
    AUDIT_TABLE_ARN("The audit table's ARN: tenants' audit events, retention marks and the shipper's ledger", null),
    TENANT_ACCESS_ROLE_ARN("The role whose sessions, narrowed to one tenant, carry the tenant's DynamoDB access (AWS"
            + " mode)", null),
    TENANT_LOG_GROUP_PREFIX("Where the tenants' audit log groups live", TenantLogGroups.DEFAULT_PREFIX),
    TENANT_LOG_ROLE_ARN("The role whose sessions write one tenant's audit log group (the audit shipper)", null),
    USAGE_PLAN_STANDARD("The API Gateway usage plan of the standard tier (control plane)", null),
    USAGE_PLAN_PREMIUM("The API Gateway usage plan of the premium tier (control plane)", null),
    REST_API_ID("The REST API whose stage's authorizer cache the control plane flushes", null),
    API_STAGE("That API's deployed stage", null),
    CURSOR_SECRET("Base64 of at least 32 random bytes, the same for every instance of a deployment: seals pagination"
            + " cursors", null),
    JWT_ISSUER(Option.of("issuer"), "The token issuer, the tokens' exact iss (authorizer)", null),
    JWT_AUDIENCE(Option.of("audience"), "The tokens' audience: in aud, or the client_id of a token whose token_use is"
            + " access (authorizer)", null),
    JWKS_URI(Option.of("jwks-uri"), "Where the issuer publishes its signing keys (authorizer)", null),
    TENANT_CLAIM(Option.of("tenant-claim"), "The claim that names the member's tenant: a name, or a dotted path into"
            + " nested objects", TokenSettings.DEFAULT_TENANT_CLAIM),
    ROLES_CLAIM(Option.of("roles-claim"), "The claim that lists the caller's roles: a name, or a dotted path such as"
            + " realm_access.roles", TokenSettings.DEFAULT_ROLES_CLAIM),
    ROLE_MAP(Option.of("role-map"), "Provider role values to Execalc roles, value=role,...; empty: the values are"
            + " Execalc's own role names", ""),
    JWT_TOKEN_USE(Option.of("token-use"), "The kind of token accepted, id or access, checked against token_use where"
            + " the provider sets it", TokenSettings.DEFAULT_TOKEN_USE.claimValue()),
    JWT_ALGORITHMS(Option.of("algorithms"), "The signature algorithms accepted, comma-separated (RS, PS and ES, 256 to"
            + " 512)", "RS256,ES256,PS256"),
    JWT_TOKEN_TYPES(Option.of("token-types"), "The header typ values accepted, comma-separated; a token without typ"
            + " always passes", "JWT,at+jwt"),
    JWT_CLOCK_SKEW_SECONDS(Option.of("clock-skew"), "How far exp, nbf and iat may be off, in seconds (0 to 300)",
            Long.toString(TokenSettings.DEFAULT_CLOCK_SKEW.toSeconds())),
    OFFBOARDING_GRACE_DAYS("Days between an offboarding and the earliest purge of the tenant's data, 0 or more"
            + " (control plane)", "30"),
    PURGE_ROLE_ARN("The role whose sessions, narrowed to one tenant like the tenant API's, delete that tenant's data in"
            + " a purge (control plane, AWS mode)", null),
    AWS_LAMBDA_FUNCTION_NAME("The function's own name; set by Lambda: the control plane invokes itself to continue a"
            + " long purge", null),
    AUDIT_DIGEST_SECONDS("The length of an audit digest period, whole seconds (the digester); periods are aligned to"
            + " the epoch", Long.toString(DigestSchedule.DEFAULT_PERIOD.toSeconds())),
    AUDIT_DIGEST_KEY_ID("The asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY) the digester signs digests with; without"
            + " it, the local key in AUDIT_DIGEST_FOLDER (LOCAL mode only)", null),
    AUDIT_DIGEST_BUCKET("The S3 bucket with Object Lock in which the digester archives digests; without it, files in"
            + " AUDIT_DIGEST_FOLDER (LOCAL mode only)", null),
    AUDIT_DIGEST_FOLDER("LOCAL mode only: the folder of the local signing key (audit-signing-key/) and of the archived"
            + " digests (audit-digests/)", null);

    /**
     * The name of an identity setting where a person chooses it: the CDK context key ({@code -c tenant-claim=...})
     * and the {@code ./execalc up} flag ({@code --tenant-claim ...}) are the same word.
     */
    public record Option(String name) {
        public Option {
            if (!name.matches("[a-z]+(-[a-z]+)*")) {
                throw new IllegalArgumentException("An option name is lowercase words joined by '-': " + name);
            }
        }

        static Option of(String name) {
            return new Option(name);
        }
    }

    /** The settings a deployment or {@code ./execalc up} chooses by {@link #option()}: how tokens are verified. */
    public static List<Setting> identitySettings() {
        return Arrays.stream(values()).filter(setting -> setting.option != null).toList();
    }

    /** The identity setting with this option name. */
    public static Optional<Setting> byOption(String name) {
        return identitySettings().stream().filter(setting -> setting.option.name().equals(name)).findFirst();
    }

    private final Option option;
    private final String meaning;
    private final String defaultValue;

    Setting(String meaning, String defaultValue) {
        this(null, meaning, defaultValue);
    }

    Setting(Option option, String meaning, String defaultValue) {
        this.option = option;
        this.meaning = meaning;
        this.defaultValue = defaultValue;
    }

    /** The variable's name in the environment, e.g. {@code DATA_TABLE_ARN}. */
    public String variable() {
        return name();
    }

    /** The option that chooses this setting, for the identity settings only. */
    public Optional<Option> option() {
        return Optional.ofNullable(option);
    }

    public String meaning() {
        return meaning;
    }

    /** The value a function uses when the variable is not set; empty when it must be set (where it is read). */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The variable that holds a tier's usage plan. */
    public static Setting usagePlanOf(Tier tier) {
        return switch (tier) {
            case STANDARD -> USAGE_PLAN_STANDARD;
            case PREMIUM -> USAGE_PLAN_PREMIUM;
        };
    }
}
