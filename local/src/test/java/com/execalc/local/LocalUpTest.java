package com.execalc.local;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ./execalc up} as a person lives in it, started in process as {@link LocalUp#main} starts it: where the
 * functions' log lines go, what it prints, what it cleans, and data that outlives a restart with {@code --data-dir}.
 * Its home folder (what is {@code .execalc/} of the repository) is a fresh folder under {@code local/target/}.
 */
class LocalUpTest {

    private Path home;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @BeforeEach
    void freshHome() {
        home = RepositoryRoot.find().resolve("local/target/local-up/" + UUID.randomUUID());
    }

    private LocalUp up(String... flags) {
        return LocalUp.start(UpOptions.parse(flags, "0"), home, out);
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** Registers a tenant and calls the tenant API once: a line of the control plane and of the tenant API each. */
    private static void someRequests(LocalUp up, String tenant) {
        ApiClient api = new ApiClient(up.stack().baseUri());
        api.registerTenant(tenant);
        assertThat(api.send("GET", "/me", api.token(tenant, "alice", "viewer"), null, Map.of()).status())
                .isEqualTo(200);
    }

    @Test
    void requestLines_shouldGoToTheLogFile_andNotToTheOutput() throws Exception {
        String tenant = ApiClient.uniqueTenant("logs");
        try (LocalUp up = up()) {
            someRequests(up, tenant);

            List<String> logged = Files.readAllLines(up.places().logFile());
            assertThat(logged).anySatisfy(line -> assertThat(line).contains("\"Function\":\"control-plane\"")
                    .contains("\"tenantId\":\"" + tenant + "\""));
            assertThat(logged).anySatisfy(line -> assertThat(line).contains("\"Function\":\"tenant-api\"")
                    .contains("\"Route\":\"WHO_AM_I\""));
            assertThat(printed()).doesNotContain("\"Function\"").doesNotContain(tenant);
        }
    }

    @Test
    void verbose_shouldAlsoPrintTheRequestLines() throws Exception {
        String tenant = ApiClient.uniqueTenant("verbose");
        try (LocalUp up = up("--verbose")) {
            someRequests(up, tenant);

            assertThat(printed()).contains("\"Function\":\"tenant-api\"").contains(tenant);
            assertThat(Files.readString(up.places().logFile())).contains("\"Function\":\"tenant-api\"");
        }
    }

    @Test
    void start_shouldPrintWhereEverythingIs_andTheWalkthrough() {
        try (LocalUp up = up()) {
            String base = up.stack().baseUri().toString();

            assertThat(printed())
                    .contains("ready at " + base)
                    .contains("Ctrl-C (or ./execalc down) stops it")
                    .contains(base + "/_local/.well-known/openid-configuration")
                    .contains(base + "/_local/.well-known/jwks.json")
                    .contains("# DynamoDB        " + up.stack().dynalite().endpoint() + "  (dynalite, in memory")
                    .contains(home.resolve("logs/local.log").toString())
                    .contains(home.resolve("audit-logs").toString() + "/<tenant>.audit.jsonl")
                    .contains("curl -s " + base + "/me");
        }
    }

    @Test
    void start_shouldWriteThePidFile_andCloseShouldRemoveIt() throws Exception {
        Path pidFile = home.resolve("up.pid");
        try (LocalUp up = up()) {
            assertThat(Files.readAllLines(pidFile))
                    .containsExactly(Long.toString(ProcessHandle.current().pid()), up.stack().baseUri().toString());
        }
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void start_shouldBeRefused_whileAnotherStackRuns_andNotTouchItsFiles() throws Exception {
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve("up.pid"), ProcessHandle.current().pid() + "\nhttp://127.0.0.1:3000\n");
        Files.writeString(home.resolve("logs/local.log"), "the running stack's line\n");

        assertThatThrownBy(this::up).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("A local stack already runs (process " + ProcessHandle.current().pid())
                .hasMessageContaining("./execalc down stops it");
        assertThat(home.resolve("logs/local.log")).hasContent("the running stack's line");
    }

    @Test
    void start_shouldCleanWhatItOwns_theStaleAuditStreams_thePidFileOfADeadProcess_andTheLogBeforeLast()
            throws Exception {
        Files.createDirectories(home.resolve("audit-logs"));
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve("audit-logs/gone.audit.jsonl"), "{\"tenantId\":\"gone\"}\n");
        Files.writeString(home.resolve("audit-logs/notes.txt"), "the developer's own file\n");
        Files.writeString(home.resolve("logs/local.log"), "last run\n");
        Files.writeString(home.resolve("logs/local.log.1"), "the run before\n");
        Files.writeString(home.resolve("up.pid"), Long.MAX_VALUE + "\n");

        try (LocalUp up = up()) {
            assertThat(home.resolve("audit-logs/gone.audit.jsonl")).doesNotExist();
            assertThat(home.resolve("audit-logs/notes.txt")).exists();
            assertThat(home.resolve("logs/local.log.1")).hasContent("last run");
            assertThat(Files.readAllLines(home.resolve("up.pid")))
                    .startsWith(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    void data_shouldSurviveARestart_withADataDir() throws Exception {
        Path data = home.resolve("data");
        String tenant = ApiClient.uniqueTenant("kept");
        try (LocalUp first = up("--data-dir", data.toString())) {
            ApiClient api = new ApiClient(first.stack().baseUri());
            api.registerTenant(tenant);
            String token = api.token(tenant, "alice", "operator");
            assertThat(api.send("PUT", "/namespaces/orders", token, null, Map.of()).status()).isEqualTo(201);
            assertThat(api.send("PUT", "/namespaces/orders/records/42", token, "{\"total\":12.50}", Map.of())
                    .status()).isEqualTo(201);
            first.stack().awaitAuditShipped();
        }

        try (LocalUp second = up("--data-dir", data.toString())) {
            ApiClient api = new ApiClient(second.stack().baseUri());
            // the issuer's keys are new with each start, so the member signs in again; the tenant's API key is kept
            ApiClient.Response record = api.send("GET", "/namespaces/orders/records/42",
                    api.token(tenant, "alice", "viewer"), null, Map.of());

            assertThat(record.status()).isEqualTo(200);
            assertThat(record.json().at("/data/total").decimalValue()).isEqualByComparingTo("12.50");
            assertThat(printed()).contains("data kept in " + data.resolve("dynalite"));
            assertThat(data.resolve("audit-logs/" + tenant + ".audit.jsonl")).content().contains("record.put");
        }
    }

    @Test
    void data_shouldBeGoneAfterARestart_inMemory() {
        String tenant = ApiClient.uniqueTenant("gone");
        try (LocalUp first = up()) {
            new ApiClient(first.stack().baseUri()).registerTenant(tenant);
        }

        try (LocalUp second = up()) {
            ApiClient api = new ApiClient(second.stack().baseUri());

            assertThat(api.send("GET", "/tenants/" + tenant, api.operatorToken(), null, Map.of()).status())
                    .isEqualTo(404);
        }
    }
}
