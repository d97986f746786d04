package com.execalc.api;

import com.execalc.access.Tables;
import com.execalc.audit.TenantLogGroups;
import com.execalc.controlplane.Tier;
import com.execalc.ingress.TokenSettings;
import com.execalc.ingress.TokenUse;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the functions read from their environment, read in this one place.
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
        String value = env.getOrDefault("EXECALC_MODE", Mode.AWS.name());
        try {
            return Mode.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("EXECALC_MODE must be AWS or LOCAL", e);
        }
    }

    /** {@code AWS_REGION}, set by Lambda. */
    public String region() {
        return required("AWS_REGION");
    }

    /** {@code EXECALC_DYNAMODB_ENDPOINT}: the local DynamoDB endpoint; refused outside LOCAL mode. */
    public Optional<URI> dynamoDbEndpoint() {
        Optional<URI> endpoint = Optional.ofNullable(env.get("EXECALC_DYNAMODB_ENDPOINT")).map(URI::create);
        if (endpoint.isPresent() && mode() != Mode.LOCAL) {
            throw new IllegalStateException("EXECALC_DYNAMODB_ENDPOINT is only allowed in LOCAL mode");
        }
        return endpoint;
    }

    /** {@code REGISTRY_TABLE}: the tenant registry table. */
    public String registryTable() {
        return required("REGISTRY_TABLE");
    }

    /** {@code DATA_TABLE_ARN} and {@code AUDIT_TABLE_ARN}: the tenant tables. */
    public Tables tables() {
        return new Tables(required("DATA_TABLE_ARN"), required("AUDIT_TABLE_ARN"));
    }

    /** {@code TENANT_ACCESS_ROLE_ARN}: the role whose sessions carry tenant-scoped DynamoDB access (AWS mode). */
    public String tenantAccessRoleArn() {
        return required("TENANT_ACCESS_ROLE_ARN");
    }

    /** {@code TENANT_LOG_GROUP_PREFIX}: where tenant audit log groups live; default {@code /execalc/tenants}. */
    public String tenantLogGroupPrefix() {
        String prefix = env.getOrDefault("TENANT_LOG_GROUP_PREFIX", TenantLogGroups.DEFAULT_PREFIX);
        if (!prefix.matches("/[A-Za-z0-9_/.-]{1,200}") || prefix.endsWith("/")) {
            throw new IllegalStateException("TENANT_LOG_GROUP_PREFIX must be a log group path like /execalc/tenants");
        }
        return prefix;
    }

    /** {@code USAGE_PLAN_STANDARD} and {@code USAGE_PLAN_PREMIUM}: the usage plan of each tier. */
    public Map<Tier, String> usagePlans() {
        return Map.of(Tier.STANDARD, required("USAGE_PLAN_STANDARD"), Tier.PREMIUM, required("USAGE_PLAN_PREMIUM"));
    }

    /** {@code REST_API_ID}: the REST API whose stage's authorizer cache the control plane flushes. */
    public String restApiId() {
        return required("REST_API_ID");
    }

    /** {@code API_STAGE}: that API's deployed stage. */
    public String apiStage() {
        return required("API_STAGE");
    }

    /** {@code TENANT_LOG_ROLE_ARN}: the role whose sessions write one tenant's audit log group (the shipper). */
    public String tenantLogRoleArn() {
        return required("TENANT_LOG_ROLE_ARN");
    }

    /**
     * {@code CURSOR_SECRET}: base64 of at least 32 random bytes, the same for every instance of a deployment; it seals
     * pagination cursors.
     */
    public byte[] cursorSecret() {
        try {
            byte[] secret = Base64.getDecoder().decode(required("CURSOR_SECRET"));
            if (secret.length < 32) {
                throw new IllegalStateException("CURSOR_SECRET must hold at least 32 bytes");
            }
            return secret;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("CURSOR_SECRET must be base64", e);
        }
    }

    /**
     * {@code JWT_ISSUER}, {@code JWT_AUDIENCE}, {@code JWKS_URI}; optional {@code TENANT_CLAIM} (default
     * {@value TokenSettings#DEFAULT_TENANT_CLAIM}), {@code ROLES_CLAIM} (default {@value TokenSettings#DEFAULT_ROLES_CLAIM})
     * , {@code JWT_CLOCK_SKEW_SECONDS} (default 60) and {@code JWT_TOKEN_USE}: the kinds of token accepted, {@code id},
     * {@code access} or {@code id,access} (default {@code id}, see {@link TokenSettings#tokenUses()}).
     */
    public TokenSettings tokenSettings() {
        return new TokenSettings(
                required("JWT_ISSUER"),
                required("JWT_AUDIENCE"),
                URI.create(required("JWKS_URI")),
                env.getOrDefault("TENANT_CLAIM", TokenSettings.DEFAULT_TENANT_CLAIM),
                env.getOrDefault("ROLES_CLAIM", TokenSettings.DEFAULT_ROLES_CLAIM),
                Duration.ofSeconds(number("JWT_CLOCK_SKEW_SECONDS", TokenSettings.DEFAULT_CLOCK_SKEW.toSeconds())),
                tokenUses());
    }

    private Set<TokenUse> tokenUses() {
        String value = env.get("JWT_TOKEN_USE");
        if (value == null) {
            return TokenSettings.defaultTokenUses();
        }
        Set<TokenUse> uses = EnumSet.noneOf(TokenUse.class);
        for (String name : value.split(",", -1)) {
            uses.add(TokenUse.fromClaimValue(name.strip()).orElseThrow(() -> new IllegalStateException(
                    "JWT_TOKEN_USE must be id, access or id,access")));
        }
        return uses;
    }

    private long number(String name, long defaultValue) {
        String value = env.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Environment variable " + name + " must be a whole number", e);
        }
    }

    private String required(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Environment variable " + name + " is not set");
        }
        return value;
    }
}
