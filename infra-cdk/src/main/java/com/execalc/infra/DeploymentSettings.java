package com.execalc.infra;

import com.execalc.packaging.Jdk25;
import com.execalc.packaging.PackageManifest;
import com.execalc.packaging.PackagedFunction;
import com.execalc.wiring.Configuration;
import com.execalc.wiring.Setting;
import software.amazon.awscdk.Duration;
import software.constructs.Node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one deployment may choose, read from CDK context ({@code cdk.json} or {@code -c key=value}); everything else is
 * fixed in code.
 *
 * @param tenancyMode        {@code tenancyMode}: {@link TenancyMode#ISOLATED} (default) or {@link TenancyMode#SHARED}
 * @param authorizerCacheTtl {@code authorizerCacheTtlSeconds}: how long API Gateway caches an authorizer decision per
 *                           {@code Authorization} header; 0 to 3600, default {@value #DEFAULT_AUTHORIZER_CACHE_SECONDS}
 * @param externalIssuer     {@code issuer}, {@code audience} and {@code jwks-uri} together: verify tokens of that
 *                           OIDC issuer instead of creating a Cognito user pool; empty by default
 * @param tokenOptions       the other identity settings ({@link Setting#identitySettings()}: {@code tenant-claim},
 *                           {@code roles-claim}, {@code role-map}, {@code token-use}, {@code algorithms},
 *                           {@code token-types}, {@code clock-skew}), each under its option name as context key, with
 *                           {@link Setting}'s default for those not given: the authorizer gets every one of them
 * @param functionsJar       {@code functionsJar}: the deployable jar of {@link FunctionRuntime#MANAGED}; default
 *                           {@code functions/target/execalc-functions-lambda.jar} in the repository
 * @param openApi            the API contract, {@code openapi.yaml} in the repository
 * @param accountRateLimit   {@code accountRateLimit}: the account's API Gateway throttle in the Region, requests per
 *                           second, which every API of the account shares; default
 *                           {@value #DEFAULT_ACCOUNT_RATE_LIMIT}, AWS's default in most Regions. The stage's
 *                           per-method limits are sized from it ({@link ExecalcApi#methodRateLimit})
 * @param runtime            {@code runtime}: {@link FunctionRuntime#AOT} (default) or {@link FunctionRuntime#MANAGED}
 * @param functionPackages   {@code functionPackages}: the folder of the {@link FunctionRuntime#AOT} zips; default
 *                           {@value PackagedFunction#PACKAGES} in the repository
 * @param jdk25              the build machine's JDK 25 ({@code JAVA25_HOME}, then {@code /usr/lib/jvm}); looked for
 *                           only with {@link FunctionRuntime#AOT}, empty otherwise
 * @param offboardingGraceDays {@code offboardingGraceDays}: days between a tenant's offboarding and the earliest purge
 *                           of its data, 0 to 3650, default {@value #DEFAULT_OFFBOARDING_GRACE_DAYS}
 * @param auditDigestPeriod  {@code auditDigestSeconds}: the length of an audit digest period and the digester's
 *                           schedule, whole minutes from 60 to 86,400 seconds (EventBridge schedules by the minute);
 *                           default {@value #DEFAULT_AUDIT_DIGEST_SECONDS}
 */
public record DeploymentSettings(TenancyMode tenancyMode, Duration authorizerCacheTtl,
                                 Optional<ExternalIssuer> externalIssuer, Map<Setting, String> tokenOptions,
                                 Path functionsJar, Path openApi, int accountRateLimit,
                                 FunctionRuntime runtime, Path functionPackages, Optional<Jdk25> jdk25,
                                 int offboardingGraceDays, Duration auditDigestPeriod) {

    /** The default grace period of an offboarding, in days. */
    public static final int DEFAULT_OFFBOARDING_GRACE_DAYS = 30;
    /** The default audit digest period: an hour, the functions' own default. */
    public static final int DEFAULT_AUDIT_DIGEST_SECONDS = 3600;

    /** The default authorizer cache TTL. */
    public static final int DEFAULT_AUTHORIZER_CACHE_SECONDS = 300;

    /** API Gateway's default account-level throttle in most Regions, requests per second. */
    public static final int DEFAULT_ACCOUNT_RATE_LIMIT = 10_000;

    /** The functions jar, relative to the repository root. */
    public static final String DEFAULT_FUNCTIONS_JAR = "functions/target/execalc-functions-lambda.jar";

    /** What runs the functions' code. */
    public enum FunctionRuntime {
        /**
         * {@code provided.al2023} with each function's zip: its own jlinked Java 25 runtime and an AOT cache trained
         * at build time (packaging/). Built on, and for the architecture of, the build machine; no SnapStart (Lambda
         * offers it on managed runtimes only).
         */
        AOT,
        /** Lambda's managed {@code java25} runtime with the functions jar, on arm64, with SnapStart where allowed. */
        MANAGED
    }

    /** How the data-plane function runs. */
    public enum TenancyMode {
        /**
         * Lambda tenant-isolation mode ({@code PER_TENANT}): an execution environment never serves two tenants. No
         * SnapStart (Lambda does not combine the two).
         */
        ISOLATED,
        /** Ordinary execution environments shared by tenants, with SnapStart, for cost. */
        SHARED
    }

    /**
     * An OIDC issuer other than the Cognito user pool this app would create.
     *
     * @param issuer   the {@code iss} the tokens carry
     * @param audience the {@code aud} the tokens carry
     * @param jwksUri  where the issuer publishes its signing keys
     */
    public record ExternalIssuer(String issuer, String audience, String jwksUri) {
        public ExternalIssuer {
            requireHttps(Setting.JWT_ISSUER, issuer);
            requireHttps(Setting.JWKS_URI, jwksUri);
            if (audience == null || audience.isBlank()) {
                throw new IllegalArgumentException("Context " + key(Setting.JWT_AUDIENCE) + " must not be empty.");
            }
        }

        private static void requireHttps(Setting setting, String value) {
            if (value == null || !value.startsWith("https://")) {
                throw new IllegalArgumentException("Context " + key(setting) + " must be an https:// URL, not '"
                        + value + "'.");
            }
        }
    }

    public DeploymentSettings {
        Objects.requireNonNull(tenancyMode, "tenancyMode");
        Objects.requireNonNull(authorizerCacheTtl, "authorizerCacheTtl");
        Objects.requireNonNull(externalIssuer, "externalIssuer");
        // in the enum's order, so the template lists them the same way on every synthesis
        Map<Setting, String> ordered = new EnumMap<>(Setting.class);
        ordered.putAll(tokenOptions);
        tokenOptions = Collections.unmodifiableMap(ordered);
        if (!Setting.identitySettings().containsAll(tokenOptions.keySet())
                || tokenOptions.containsKey(Setting.JWT_ISSUER) || tokenOptions.containsKey(Setting.JWT_AUDIENCE)
                || tokenOptions.containsKey(Setting.JWKS_URI)) {
            throw new IllegalArgumentException("tokenOptions holds identity settings other than the issuer's only");
        }
        Objects.requireNonNull(functionsJar, "functionsJar");
        Objects.requireNonNull(openApi, "openApi");
        if (accountRateLimit < 1) {
            throw new IllegalArgumentException("Context accountRateLimit must be a positive whole number.");
        }
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(functionPackages, "functionPackages");
        Objects.requireNonNull(jdk25, "jdk25");
        if (offboardingGraceDays < 0 || offboardingGraceDays > 3650) {
            throw new IllegalArgumentException("Context offboardingGraceDays must be from 0 to 3650.");
        }
        Objects.requireNonNull(auditDigestPeriod, "auditDigestPeriod");
    }

    /**
     * Reads the settings from the app's context.
     *
     * @throws IllegalArgumentException when a value is malformed, or only some of the external issuer's keys are set
     */
    public static DeploymentSettings fromContext(Node node) {
        return fromContext(node, Jdk25::find);
    }

    /** As {@link #fromContext(Node)}, with the JDK 25 looked for by {@code jdk25} (tests: a machine without one). */
    static DeploymentSettings fromContext(Node node, Supplier<Optional<Jdk25>> jdk25) {
        TenancyMode mode = string(node, "tenancyMode").map(DeploymentSettings::tenancyMode).orElse(TenancyMode.ISOLATED);
        int ttl = string(node, "authorizerCacheTtlSeconds").map(DeploymentSettings::cacheSeconds)
                .orElse(DEFAULT_AUTHORIZER_CACHE_SECONDS);
        for (Map.Entry<String, Setting> renamed : RENAMED.entrySet()) {
            if (node.tryGetContext(renamed.getKey()) != null) {
                throw new IllegalArgumentException("Context " + renamed.getKey() + " is now "
                        + key(renamed.getValue()) + " (the same name as ./execalc up's flag): rename it.");
            }
        }
        Optional<String> issuer = string(node, key(Setting.JWT_ISSUER));
        Optional<String> audience = string(node, key(Setting.JWT_AUDIENCE));
        Optional<String> jwks = string(node, key(Setting.JWKS_URI));
        Optional<ExternalIssuer> external = Optional.empty();
        if (issuer.isPresent() || audience.isPresent() || jwks.isPresent()) {
            if (issuer.isEmpty() || audience.isEmpty() || jwks.isEmpty()) {
                throw new IllegalArgumentException("An external OIDC issuer needs all three context values "
                        + key(Setting.JWT_ISSUER) + ", " + key(Setting.JWT_AUDIENCE) + " and " + key(Setting.JWKS_URI)
                        + ".");
            }
            external = Optional.of(new ExternalIssuer(issuer.get(), audience.get(), jwks.get()));
        }
        Map<Setting, String> tokenOptions = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.identitySettings()) {
            if (setting != Setting.JWT_ISSUER && setting != Setting.JWT_AUDIENCE && setting != Setting.JWKS_URI) {
                tokenOptions.put(setting, string(node, key(setting)).or(setting::defaultValue).orElseThrow());
            }
        }
        requireValidTokenOptions(tokenOptions);
        Path root = repositoryRoot();
        Path jar = string(node, "functionsJar").map(Path::of).orElseGet(() -> root.resolve(DEFAULT_FUNCTIONS_JAR));
        FunctionRuntime runtime = string(node, "runtime").map(DeploymentSettings::functionRuntime)
                .orElse(FunctionRuntime.AOT);
        Path packages = string(node, "functionPackages").map(Path::of)
                .orElseGet(() -> root.resolve(PackagedFunction.PACKAGES));
        int accountRate = string(node, "accountRateLimit").map(DeploymentSettings::accountRate)
                .orElse(DEFAULT_ACCOUNT_RATE_LIMIT);
        int digestSeconds = string(node, "auditDigestSeconds").map(DeploymentSettings::digestSeconds)
                .orElse(DEFAULT_AUDIT_DIGEST_SECONDS);
        return new DeploymentSettings(mode, Duration.seconds(ttl), external, tokenOptions, jar.toAbsolutePath().normalize(), root.resolve(ApiContract.OPENAPI),
                accountRate, runtime, packages.toAbsolutePath().normalize(),
                runtime == FunctionRuntime.AOT ? jdk25.get() : Optional.empty(),
                string(node, "offboardingGraceDays").map(DeploymentSettings::graceDays)
                        .orElse(DEFAULT_OFFBOARDING_GRACE_DAYS), Duration.seconds(digestSeconds));
    }

    /**
     * The {@link FunctionRuntime#AOT} zips, checked: a JDK 25 on this machine, all five zips, one architecture, and
     * packed from this machine's JDK 25 build (owning the JVM: a JDK update means repackaging).
     *
     * @throws IllegalStateException with what to do, when any of that is not so
     */
    public FunctionPackages requireFunctionPackages() {
        Jdk25 jdk = jdk25.orElseThrow(() -> new IllegalStateException("-c runtime=aot (the default) deploys each "
                + "function with its own Java 25 runtime, packed from this machine's JDK 25, and none was found: "
                + "looked for JAVA25_HOME, then a JDK 25 under " + Jdk25.DEFAULT_JVM_ROOT + ". Install one or set "
                + "JAVA25_HOME, or deploy on Lambda's managed java25 runtime with -c runtime=managed."));
        Map<PackagedFunction, Path> zips = new EnumMap<>(PackagedFunction.class);
        String architecture = null;
        for (PackagedFunction function : PackagedFunction.values()) {
            Path zip = function.zip(functionPackages);
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException("The package " + zip + " does not exist. Build the packages first: "
                        + "./execalc package (or ./execalc synth, which builds them), point the context value "
                        + "functionPackages at them, or deploy the jar on Lambda's managed runtime with "
                        + "-c runtime=managed.");
            }
            PackageManifest manifest = PackageManifest.of(zip);
            if (!manifest.function().equals(function.functionName())) {
                throw new IllegalStateException(zip + " holds " + manifest.function() + ", not "
                        + function.functionName());
            }
            if (!manifest.jdkBuild().equals(jdk.build())) {
                throw new IllegalStateException(zip + " was packed from JDK " + manifest.jdkBuild() + ", but this "
                        + "machine's JDK 25 (" + jdk.home() + ") is " + jdk.build() + ": repackage with "
                        + "./execalc package, so that the deployed runtime is the current one.");
            }
            if (architecture != null && !architecture.equals(manifest.architecture())) {
                throw new IllegalStateException("The packages in " + functionPackages + " are for different "
                        + "architectures (" + architecture + ", " + manifest.architecture() + "): repackage them.");
            }
            architecture = manifest.architecture();
            zips.put(function, zip);
        }
        return new FunctionPackages(zips, architecture, jdk.build());
    }

    /**
     * The checked {@link FunctionRuntime#AOT} zips.
     *
     * @param zips         each function's zip
     * @param architecture their one architecture, {@code x86_64} or {@code arm64}
     * @param jdkBuild     the JDK build their runtime images were made from
     */
    public record FunctionPackages(Map<PackagedFunction, Path> zips, String architecture, String jdkBuild) {
        public FunctionPackages {
            zips = Map.copyOf(zips);
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(jdkBuild, "jdkBuild");
        }
    }

    /**
     * The functions jar, checked to exist.
     *
     * @throws IllegalStateException when it has not been built
     */
    public Path requireFunctionsJar() {
        if (!Files.isRegularFile(functionsJar)) {
            throw new IllegalStateException("The functions jar " + functionsJar + " does not exist. Build it first: "
                    + "./execalc synth (or mvn -B -pl functions -am package -DskipTests), or point the context value "
                    + "functionsJar at it.");
        }
        return functionsJar;
    }

    /** Context keys of earlier versions, refused with their new name rather than silently ignored. */
    private static final Map<String, Setting> RENAMED = Map.of("jwtIssuer", Setting.JWT_ISSUER,
            "jwtAudience", Setting.JWT_AUDIENCE, "jwksUri", Setting.JWKS_URI, "tenantClaim", Setting.TENANT_CLAIM,
            "rolesClaim", Setting.ROLES_CLAIM);

    /** The context key of an identity setting: its option name, as {@code ./execalc up} spells its flag. */
    static String key(Setting setting) {
        return setting.option().orElseThrow(() -> new IllegalArgumentException(setting + " is not chosen in context"))
                .name();
    }

    /**
     * Reads the options as the authorizer will, so that a deployment the authorizer would refuse to start with is
     * refused at synthesis already, with the authorizer's own message (the issuer's values stand in here: with the
     * default Cognito pool they exist only at deploy time).
     */
    private static void requireValidTokenOptions(Map<Setting, String> options) {
        Map<String, String> env = new HashMap<>();
        options.forEach((setting, value) -> env.put(setting.variable(), value));
        env.put(Setting.JWT_ISSUER.variable(), "https://issuer.invalid");
        env.put(Setting.JWT_AUDIENCE.variable(), "audience");
        env.put(Setting.JWKS_URI.variable(), "https://issuer.invalid/jwks.json");
        try {
            Configuration.of(env).tokenSettings();
        } catch (IllegalStateException e) {
            String message = e.getMessage();
            for (Setting setting : options.keySet()) {
                message = message.replace(setting.variable(), "context " + key(setting));
            }
            throw new IllegalArgumentException(message, e);
        }
    }

    private static Optional<String> string(Node node, String key) {
        Object value = node.tryGetContext(key);
        if (value == null || String.valueOf(value).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(String.valueOf(value).strip());
    }

    private static TenancyMode tenancyMode(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "isolated", "per_tenant", "per-tenant" -> TenancyMode.ISOLATED;
            case "shared" -> TenancyMode.SHARED;
            default -> throw new IllegalArgumentException(
                    "Context tenancyMode must be 'isolated' or 'shared', not '" + value + "'.");
        };
    }

    private static int accountRate(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Context accountRateLimit must be a whole number of requests per second, not '" + value + "'.", e);
        }
    }

    private static int graceDays(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Context offboardingGraceDays must be a whole number of days, not '" + value + "'.", e);
        }
    }

    private static FunctionRuntime functionRuntime(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "aot" -> FunctionRuntime.AOT;
            case "managed" -> FunctionRuntime.MANAGED;
            default -> throw new IllegalArgumentException(
                    "Context runtime must be 'aot' or 'managed', not '" + value + "'.");
        };
    }

    private static int digestSeconds(String value) {
        try {
            int seconds = Integer.parseInt(value.strip());
            if (seconds < 60 || seconds > 86_400 || seconds % 60 != 0) {
                throw new IllegalArgumentException("Context auditDigestSeconds must be whole minutes from 60 to "
                        + "86400 seconds (the digester's schedule runs by the minute), not " + seconds + ".");
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Context auditDigestSeconds must be a whole number of seconds, not '" + value + "'.", e);
        }
    }

    private static int cacheSeconds(String value) {
        try {
            int seconds = Integer.parseInt(value);
            if (seconds < 0 || seconds > 3600) {
                throw new IllegalArgumentException(
                        "Context authorizerCacheTtlSeconds must be from 0 to 3600, not " + seconds + ".");
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Context authorizerCacheTtlSeconds must be a whole number, not '" + value + "'.", e);
        }
    }

    /** The repository root: the nearest folder at or above the working directory that holds {@code functions/pom.xml}. */
    static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("functions/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Not inside the Execalc repository: no functions/pom.xml above " + start
                + ". Run the app from the repository (cdk.json is in infra-cdk/).");
    }
}
