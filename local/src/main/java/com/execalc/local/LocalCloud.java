package com.execalc.local;

import com.execalc.wiring.Configuration;
import com.execalc.wiring.Setting;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.time.Clock;
import java.util.Map;

/**
 * The whole local stack in one process: dynalite, the tables, and the local gateway with its issuer. (Not named
 * LocalStack: that is the AWS emulator the emulator suite runs, docs/EMULATORS.md.)
 *
 * <p>{@code ./execalc up} runs one ({@link LocalUp}); tests start one with {@link #start(int)} and close it when done.
 */
public final class LocalCloud implements AutoCloseable {

    /** The region the local functions believe they run in. */
    public static final String REGION = "us-east-1";

    private final Dynalite dynalite;
    private final LocalTables tables;
    private final LocalGateway gateway;
    private final DynamoDbClient admin;

    private final LocalTenantLogs tenantLogs;

    private LocalCloud(Dynalite dynalite, LocalTables tables, LocalGateway gateway, DynamoDbClient admin,
                       LocalTenantLogs tenantLogs) {
        this.dynalite = dynalite;
        this.tables = tables;
        this.gateway = gateway;
        this.admin = admin;
        this.tenantLogs = tenantLogs;
    }

    /** The functions' log lines, as CloudWatch would receive them. */
    public CapturedLogs logs() {
        return gateway.logs();
    }

    /** The per-tenant audit log files that stand in for the tenants' CloudWatch audit log groups. */
    public LocalTenantLogs tenantLogs() {
        return tenantLogs;
    }

    /** The gateway's API keys, as the control plane issues, enables and disables them. */
    LocalUsageKeys usageKeys() {
        return gateway.usageKeys();
    }

    /** Waits until every audit event written so far reached the tenant audit log files. */
    public void awaitAuditShipped() {
        gateway.auditStream().awaitIdle();
    }

    /**
     * Starts dynalite, creates the tables and serves the gateway on 127.0.0.1:{@code port} (0: any free port), with
     * the per-tenant audit log files in a fresh temporary folder and the log lines kept but not printed.
     */
    public static LocalCloud start(int port) {
        return start(port, GatewaySettings.defaults());
    }

    /** As {@link #start(int)}, with the gateway configured as {@code settings} say: the benchmarks' stack. */
    public static LocalCloud start(int port, GatewaySettings settings) {
        try {
            Dynalite dynalite = Dynalite.inMemory();
            return start(port, dynalite, dynalite.endpoint(), Files.createTempDirectory("execalc-audit-logs"), false,
                    settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the stack on an already running dynalite, which the stack then owns.
     *
     * @param auditLogs the folder of the per-tenant audit log files
     * @param printLogs whether the functions' log lines are printed, as well as kept
     */
    public static LocalCloud start(int port, Dynalite dynalite, Path auditLogs, boolean printLogs) {
        return start(port, dynalite, dynalite.endpoint(), auditLogs, printLogs, GatewaySettings.defaults());
    }

    /**
     * Starts the stack on an already running dynalite, which the stack then owns, with the functions reaching DynamoDB
     * at {@code functionsEndpoint} instead of at dynalite itself: for tests that put a fault-injecting proxy between
     * the functions and dynalite. The stack's admin client (table creation, {@link #adminDynamoDb()}) and the stand-in
     * for the audit table's stream still talk to dynalite directly.
     *
     * @param functionsEndpoint what the functions get as {@code EXECALC_DYNAMODB_ENDPOINT}
     */
    public static LocalCloud start(int port, Dynalite dynalite, URI functionsEndpoint, Path auditLogs,
                                   boolean printLogs) {
        return start(port, dynalite, functionsEndpoint, auditLogs, printLogs, GatewaySettings.defaults());
    }

    /**
     * As {@link #start(int, Dynalite, Path, boolean)}, with identity settings ({@link Setting#identitySettings()}) in
     * the functions' environment: with {@code JWT_ISSUER} among them, the stack verifies that provider's tokens
     * instead of its local issuer's ({@code ./execalc up --issuer ...}).
     */
    public static LocalCloud start(int port, Dynalite dynalite, Path auditLogs, boolean printLogs,
                                   Map<String, String> identity) {
        return start(port, dynalite, auditLogs, new CapturedLogs(printLogs), identity);
    }

    /** As {@link #start(int, Dynalite, Path, boolean, Map)}, with the functions' log lines going to {@code logs}. */
    static LocalCloud start(int port, Dynalite dynalite, Path auditLogs, CapturedLogs logs,
                            Map<String, String> identity) {
        return start(port, dynalite, auditLogs, logs, identity, GatewaySettings.defaults());
    }

    /** As above, with the gateway and the control plane configured as {@code settings} say: {@code ./execalc up}. */
    static LocalCloud start(int port, Dynalite dynalite, Path auditLogs, CapturedLogs logs,
                            Map<String, String> identity, GatewaySettings settings) {
        return start(port, dynalite, dynalite.endpoint(), auditLogs, logs, settings, identity);
    }

    /**
     * As {@link #start(int, Dynalite, URI, Path, boolean)}, with the gateway and the control plane configured as
     * {@code settings} say: e.g. without the audit stream's stand-in, whose background calls would also pass a
     * fault-injecting proxy, or with another offboarding grace period.
     */
    public static LocalCloud start(int port, Dynalite dynalite, URI functionsEndpoint, Path auditLogs,
                                   boolean printLogs, GatewaySettings settings) {
        return start(port, dynalite, functionsEndpoint, auditLogs, new CapturedLogs(printLogs), settings, Map.of());
    }

    private static LocalCloud start(int port, Dynalite dynalite, URI functionsEndpoint, Path auditLogs,
                                    CapturedLogs logs, GatewaySettings settings, Map<String, String> identity) {
        try {
            LocalTables tables = LocalTables.defaults();
            DynamoDbClient admin = adminClient(dynalite.endpoint());
            tables.create(admin);
            byte[] cursorSecret = new byte[32];
            new SecureRandom().nextBytes(cursorSecret);
            // what every function reads here; the usage plans, the log writer role and the API's id and stage only let
            // a packaged control plane or shipper start against this stack (the stack's own instances use local
            // stand-ins for them)
            Map<String, String> environment = new java.util.HashMap<>(identity);
            environment.putAll(Map.ofEntries(
                    Map.entry(Setting.EXECALC_MODE.variable(), "LOCAL"),
                    Map.entry(Setting.AWS_REGION.variable(), REGION),
                    Map.entry(Setting.EXECALC_DYNAMODB_ENDPOINT.variable(), functionsEndpoint.toString()),
                    Map.entry(Setting.REGISTRY_TABLE.variable(), tables.registry()),
                    Map.entry(Setting.DATA_TABLE_ARN.variable(), tables.tenantTables().dataTableArn()),
                    Map.entry(Setting.AUDIT_TABLE_ARN.variable(), tables.tenantTables().auditTableArn()),
                    Map.entry(Setting.CURSOR_SECRET.variable(), Base64.getEncoder().encodeToString(cursorSecret)),
                    Map.entry(Setting.USAGE_PLAN_STANDARD.variable(), "local-standard"),
                    Map.entry(Setting.USAGE_PLAN_PREMIUM.variable(), "local-premium"),
                    Map.entry(Setting.TENANT_LOG_ROLE_ARN.variable(),
                            "arn:aws:iam::" + LocalTables.ACCOUNT + ":role/execalc-local-log-writer"),
                    Map.entry(Setting.REST_API_ID.variable(), LocalGateway.API_ID),
                    Map.entry(Setting.API_STAGE.variable(), LocalGateway.STAGE),
                    Map.entry(Setting.OFFBOARDING_GRACE_DAYS.variable(),
                            Long.toString(settings.offboardingGrace().toDays()))));
            // the digester's local key and archive, unless the caller chose their folder (./execalc up: .execalc/)
            if (!environment.containsKey(Setting.AUDIT_DIGEST_FOLDER.variable())) {
                environment.put(Setting.AUDIT_DIGEST_FOLDER.variable(),
                        Files.createTempDirectory("execalc-digests").toString());
            }
            LocalTenantLogs tenantLogs = new LocalTenantLogs(auditLogs);
            LocalGateway gateway = new LocalGateway(port, environment, Clock.systemUTC(), logs, tenantLogs,
                    admin, settings);
            return new LocalCloud(dynalite, tables, gateway, admin, tenantLogs);
        } catch (IOException e) {
            dynalite.close();
            throw new UncheckedIOException("Could not start the local gateway on port " + port, e);
        } catch (RuntimeException e) {
            dynalite.close();
            throw e;
        }
    }

    public URI baseUri() {
        return gateway.baseUri();
    }

    public LocalIssuer issuer() {
        return gateway.issuer();
    }

    /** The five functions and the exact environment this stack runs each with ({@code GET /_local/functions}). */
    public java.util.List<LocalFunction> functions() {
        return gateway.functions();
    }

    /** The function of this name, with the environment this stack runs it with. */
    public LocalFunction function(String name) {
        return functions().stream().filter(function -> function.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("The local stack has no function " + name));
    }

    /** The configuration the functions of this stack run with. */
    public Configuration functionConfiguration() {
        return gateway.configuration();
    }

    public LocalTables tables() {
        return tables;
    }

    public Dynalite dynalite() {
        return dynalite;
    }

    /** A client with full access to dynalite, for test set-up and inspection; never used by the functions. */
    public DynamoDbClient adminDynamoDb() {
        return admin;
    }

    @Override
    public void close() {
        gateway.close();
        admin.close();
        dynalite.close();
    }

    static DynamoDbClient adminClient(URI endpoint) {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(REGION))
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }
}
