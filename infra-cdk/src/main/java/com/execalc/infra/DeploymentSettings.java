package com.execalc.infra;

import com.execalc.packaging.Jdk25;
import com.execalc.packaging.PackageManifest;
import com.execalc.packaging.PackagedFunction;
import software.amazon.awscdk.Duration;
import software.constructs.Node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
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
 * @param externalIssuer     {@code jwtIssuer}, {@code jwtAudience} and {@code jwksUri} together: verify tokens of
 *                           that OIDC issuer instead of creating a Cognito user pool; empty by default
 * @param tenantClaim        {@code tenantClaim}: the token claim that names the tenant, when not the functions'
 *                           default ({@code custom:tenant_id})
 * @param rolesClaim         {@code rolesClaim}: the token claim that lists the roles, when not the functions' default
 *                           ({@code cognito:groups})
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
 * @param auditDigestPeriod  {@code auditDigestSeconds}: the length of an audit digest period and the digester's
 *                           schedule, whole minutes from 60 to 86,400 seconds (EventBridge schedules by the minute);
 *                           default {@value #DEFAULT_AUDIT_DIGEST_SECONDS}
 */
public record DeploymentSettings(TenancyMode tenancyMode, Duration authorizerCacheTtl,
                                 Optional<ExternalIssuer> externalIssuer, Optional<String> tenantClaim,
                                 Optional<String> rolesClaim, Path functionsJar, Path openApi, int accountRateLimit,
                                 FunctionRuntime runtime, Path functionPackages, Optional<Jdk25> jdk25,
                                 Duration auditDigestPeriod) {

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
            requireHttps("jwtIssuer", issuer);
            requireHttps("jwksUri", jwksUri);
            if (audience == null || audience.isBlank()) {
                throw new IllegalArgumentException("Context jwtAudience must not be empty.");
            }
        }

        private static void requireHttps(String key, String value) {
            if (value == null || !value.startsWith("https://")) {
                throw new IllegalArgumentException("Context " + key + " must be an https:// URL, not '" + value + "'.");
            }
        }
    }

    public DeploymentSettings {
        Objects.requireNonNull(tenancyMode, "tenancyMode");
        Objects.requireNonNull(authorizerCacheTtl, "authorizerCacheTtl");
        Objects.requireNonNull(externalIssuer, "externalIssuer");
        Objects.requireNonNull(tenantClaim, "tenantClaim");
        Objects.requireNonNull(rolesClaim, "rolesClaim");
        Objects.requireNonNull(functionsJar, "functionsJar");
        Objects.requireNonNull(openApi, "openApi");
        if (accountRateLimit < 1) {
            throw new IllegalArgumentException("Context accountRateLimit must be a positive whole number.");
        }
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(functionPackages, "functionPackages");
        Objects.requireNonNull(jdk25, "jdk25");
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
        Optional<String> issuer = string(node, "jwtIssuer");
        Optional<String> audience = string(node, "jwtAudience");
        Optional<String> jwks = string(node, "jwksUri");
        Optional<ExternalIssuer> external = Optional.empty();
        if (issuer.isPresent() || audience.isPresent() || jwks.isPresent()) {
            if (issuer.isEmpty() || audience.isEmpty() || jwks.isEmpty()) {
                throw new IllegalArgumentException(
                        "An external OIDC issuer needs all three context values jwtIssuer, jwtAudience and jwksUri.");
            }
            external = Optional.of(new ExternalIssuer(issuer.get(), audience.get(), jwks.get()));
        }
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
        return new DeploymentSettings(mode, Duration.seconds(ttl), external, string(node, "tenantClaim"),
                string(node, "rolesClaim"), jar.toAbsolutePath().normalize(), root.resolve(ApiContract.OPENAPI),
                accountRate, runtime, packages.toAbsolutePath().normalize(),
                runtime == FunctionRuntime.AOT ? jdk25.get() : Optional.empty(), Duration.seconds(digestSeconds));
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
