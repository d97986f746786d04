package com.execalc.wiring;

import com.execalc.access.Tables;
import com.execalc.controlplane.Tier;
import com.execalc.digest.DigestSchedule;
import com.execalc.ingress.ClaimPath;
import com.execalc.ingress.RoleMap;
import com.execalc.ingress.TokenSettings;
import com.execalc.ingress.TokenUse;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the functions read from their environment, read in this one place: the variables of {@link Setting}, with
 * the defaults it states.
 *
 * <p>Each function reads only the settings it uses; a missing or malformed one fails its initialisation with a message
 * that names the variable. Handlers take a {@code Configuration} in their second constructor, so tests and the local
 * stack pass one built from an explicit map instead of setting environment variables.
 */
public final class Configuration {

    /** Where the functions run. */
    public enum Mode {
        /** Deployed: STS credentials, real endpoints. The default. */
        AWS,
        /** The local stack: dynalite, dummy credentials, a local token issuer. */
        LOCAL
    }

    private final Map<String, String> env;

    private Configuration(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The configuration of a deployed function. */
    public static Configuration fromSystemEnvironment() {
        return new Configuration(System.getenv());
    }

    /** A configuration from environment-style variables, for tests and the local stack. */
    public static Configuration of(Map<String, String> env) {
        return new Configuration(env);
    }

    /** {@code EXECALC_MODE}: {@code AWS} (default) or {@code LOCAL}. */
    public Mode mode() {
        String value = valueOrDefault(Setting.EXECALC_MODE);
        try {
            return Mode.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(Setting.EXECALC_MODE.variable() + " must be AWS or LOCAL", e);
        }
    }

    /** {@code AWS_REGION}, set by Lambda. */
    public String region() {
        return required(Setting.AWS_REGION);
    }

    /** {@code EXECALC_DYNAMODB_ENDPOINT}: the local DynamoDB endpoint; refused outside LOCAL mode. */
    public Optional<URI> dynamoDbEndpoint() {
        Optional<URI> endpoint = Optional.ofNullable(env.get(Setting.EXECALC_DYNAMODB_ENDPOINT.variable()))
                .map(URI::create);
        if (endpoint.isPresent() && mode() != Mode.LOCAL) {
            throw new IllegalStateException(Setting.EXECALC_DYNAMODB_ENDPOINT.variable()
                    + " is only allowed in LOCAL mode");
        }
        return endpoint;
    }

    /** {@code REGISTRY_TABLE}: the tenant registry table. */
    public String registryTable() {
        return required(Setting.REGISTRY_TABLE);
    }

    /** {@code DATA_TABLE_ARN} and {@code AUDIT_TABLE_ARN}: the tenant tables. */
    public Tables tables() {
        return new Tables(required(Setting.DATA_TABLE_ARN), required(Setting.AUDIT_TABLE_ARN));
    }

    /** {@code TENANT_ACCESS_ROLE_ARN}: the role whose sessions carry tenant-scoped DynamoDB access (AWS mode). */
    public String tenantAccessRoleArn() {
        return required(Setting.TENANT_ACCESS_ROLE_ARN);
    }

    /** {@code TENANT_LOG_GROUP_PREFIX}: where tenant audit log groups live; default {@code /execalc/tenants}. */
    public String tenantLogGroupPrefix() {
        String prefix = valueOrDefault(Setting.TENANT_LOG_GROUP_PREFIX);
        if (!prefix.matches("/[A-Za-z0-9_/.-]{1,200}") || prefix.endsWith("/")) {
            throw new IllegalStateException(Setting.TENANT_LOG_GROUP_PREFIX.variable()
                    + " must be a log group path like /execalc/tenants");
        }
        return prefix;
    }

    /** {@code USAGE_PLAN_STANDARD} and {@code USAGE_PLAN_PREMIUM}: the usage plan of each tier. */
    public Map<Tier, String> usagePlans() {
        Map<Tier, String> plans = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            plans.put(tier, required(Setting.usagePlanOf(tier)));
        }
        return Map.copyOf(plans);
    }

    /** {@code REST_API_ID}: the REST API whose stage's authorizer cache the control plane flushes. */
    public String restApiId() {
        return required(Setting.REST_API_ID);
    }

    /** {@code API_STAGE}: that API's deployed stage. */
    public String apiStage() {
        return required(Setting.API_STAGE);
    }

    /**
     * {@code OFFBOARDING_GRACE_DAYS} (default 30): how long an offboarding tenant keeps its data, and its members their
     * export, before a purge may delete it.
     */
    public Duration offboardingGrace() {
        long days = number(Setting.OFFBOARDING_GRACE_DAYS);
        if (days < 0 || days > 3650) {
            throw new IllegalStateException(Setting.OFFBOARDING_GRACE_DAYS.variable() + " must be 0 to 3650 days");
        }
        return Duration.ofDays(days);
    }

    /** {@code PURGE_ROLE_ARN}: the tenant-access role the control plane's purge assumes, narrowed to the tenant. */
    public String purgeRoleArn() {
        return required(Setting.PURGE_ROLE_ARN);
    }

    /** {@code AWS_LAMBDA_FUNCTION_NAME}: the function's own name, as Lambda sets it. */
    public String functionName() {
        return required(Setting.AWS_LAMBDA_FUNCTION_NAME);
    }

    /** {@code TENANT_LOG_ROLE_ARN}: the role whose sessions write one tenant's audit log group (the shipper). */
    public String tenantLogRoleArn() {
        return required(Setting.TENANT_LOG_ROLE_ARN);
    }

    /**
     * {@code CURSOR_SECRET}: base64 of at least 32 random bytes, the same for every instance of a deployment; it seals
     * pagination cursors.
     */
    public byte[] cursorSecret() {
        try {
            byte[] secret = Base64.getDecoder().decode(required(Setting.CURSOR_SECRET));
            if (secret.length < 32) {
                throw new IllegalStateException(Setting.CURSOR_SECRET.variable() + " must hold at least 32 bytes");
            }
            return secret;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(Setting.CURSOR_SECRET.variable() + " must be base64", e);
        }
    }

    /**
     * The identity settings ({@link Setting#identitySettings()}): {@code JWT_ISSUER}, {@code JWT_AUDIENCE} and
     * {@code JWKS_URI} must be set; the others have the defaults {@link Setting} states. A malformed one fails the
     * function's initialisation with a message that names the variable: the authorizer never starts with settings it
     * would have to guess at.
     */
    public TokenSettings tokenSettings() {
        String issuer = required(Setting.JWT_ISSUER);
        String audience = required(Setting.JWT_AUDIENCE);
        URI jwksUri = uri(Setting.JWKS_URI);
        ClaimPath tenantClaim = parsed(Setting.TENANT_CLAIM, ClaimPath::new);
        ClaimPath rolesClaim = parsed(Setting.ROLES_CLAIM, ClaimPath::new);
        RoleMap roleMap = parsed(Setting.ROLE_MAP, RoleMap::parse);
        TokenUse tokenUse = TokenUse.fromClaimValue(valueOrDefault(Setting.JWT_TOKEN_USE).strip())
                .orElseThrow(() -> new IllegalStateException(Setting.JWT_TOKEN_USE.variable() + " must be id or access"));
        Set<String> algorithms = list(Setting.JWT_ALGORITHMS);
        Set<String> types = list(Setting.JWT_TOKEN_TYPES);
        Duration skew = Duration.ofSeconds(number(Setting.JWT_CLOCK_SKEW_SECONDS));
        try {
            return new TokenSettings(issuer, audience, jwksUri, tenantClaim, rolesClaim, roleMap, tokenUse, algorithms,
                    types, skew);
        } catch (IllegalArgumentException e) {
            String variable = e.getMessage().startsWith("algorithms") ? Setting.JWT_ALGORITHMS.variable()
                    : e.getMessage().startsWith("tokenTypes") ? Setting.JWT_TOKEN_TYPES.variable()
                    : e.getMessage().startsWith("clockSkew") ? Setting.JWT_CLOCK_SKEW_SECONDS.variable()
                    : "The token settings";
            throw new IllegalStateException(variable + ": " + e.getMessage(), e);
        }
    }

    private URI uri(Setting setting) {
        String value = required(setting);
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new URISyntaxException(value, "not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(setting.variable() + " must be an http(s) URL, not '" + value + "'", e);
        }
    }

    private <T> T parsed(Setting setting, java.util.function.Function<String, T> parser) {
        String value = valueOrDefault(setting).strip();
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting.variable() + ": " + e.getMessage(), e);
        }
    }

    /** A comma-separated list; no entry may be empty. */
    private Set<String> list(Setting setting) {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : valueOrDefault(setting).split(",", -1)) {
            if (entry.isBlank()) {
                throw new IllegalStateException(setting.variable() + " must be a comma-separated list without empty"
                        + " entries");
            }
            entries.add(entry.strip());
        }
        return entries;
    }

    /**
     * {@code AUDIT_DIGEST_SECONDS}: the length of a digest period, whole seconds, at least one (default
     * {@link DigestSchedule#DEFAULT_PERIOD}).
     */
    public Duration auditDigestPeriod() {
        long seconds = number(Setting.AUDIT_DIGEST_SECONDS);
        if (seconds < 1) {
            throw new IllegalStateException(Setting.AUDIT_DIGEST_SECONDS.variable() + " must be at least 1");
        }
        return Duration.ofSeconds(seconds);
    }

    /** {@code AUDIT_DIGEST_KEY_ID}: the KMS key the digester signs with, when it signs with KMS. */
    public Optional<String> auditDigestKeyId() {
        return optional(Setting.AUDIT_DIGEST_KEY_ID);
    }

    /** {@code AUDIT_DIGEST_BUCKET}: the Object Lock bucket the digester archives in, when it archives in S3. */
    public Optional<String> auditDigestBucket() {
        return optional(Setting.AUDIT_DIGEST_BUCKET);
    }

    /**
     * {@code AUDIT_DIGEST_FOLDER}: the local signing key's and archive's folder; refused outside LOCAL mode, so that
     * a deployed digester can only sign with KMS and archive in the locked bucket.
     */
    public Optional<Path> auditDigestFolder() {
        Optional<Path> folder = optional(Setting.AUDIT_DIGEST_FOLDER).map(Path::of);
        if (folder.isPresent() && mode() != Mode.LOCAL) {
            throw new IllegalStateException(Setting.AUDIT_DIGEST_FOLDER.variable() + " is only allowed in LOCAL mode");
        }
        return folder;
    }

    private Optional<String> optional(Setting setting) {
        return Optional.ofNullable(env.get(setting.variable())).filter(value -> !value.isBlank());
    }

    private long number(Setting setting) {
        String value = valueOrDefault(setting);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Environment variable " + setting.variable() + " must be a whole number", e);
        }
    }

    /** The variable's value, or its default; only for settings that have one. */
    private String valueOrDefault(Setting setting) {
        String value = env.get(setting.variable());
        return value != null ? value : setting.defaultValue().orElseThrow(() -> new IllegalStateException(
                setting.variable() + " has no default"));
    }

    private String required(Setting setting) {
        String value = env.get(setting.variable());
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Environment variable " + setting.variable() + " is not set");
        }
        return value;
    }
}
