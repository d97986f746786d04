package com.execalc.local;

import com.execalc.api.AuditDigesterHandler;
import com.execalc.digest.DigestArchive;
import com.execalc.wiring.Configuration;
import com.execalc.wiring.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The digester function as Lambda runs it on its schedule, with the environment the local stack gives it
 * ({@code GET /_local/functions}) over periods of one second: the settings select the local key and files, it digests
 * every registered tenant, answers and logs what it did, and the tenant API serves what it wrote. Its own stack, so
 * that "every tenant" is the tenants of this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditDigesterFunctionTest {

    private final ObjectMapper json = new ObjectMapper();
    private LocalCloud stack;
    private ApiClient api;
    private String tenant;
    private JsonNode answer;

    @BeforeAll
    void aTenantWithRequests_andOneScheduledRunAfterItsFirstPeriodsClosed() throws Exception {
        stack = LocalCloud.start(0);
        api = new ApiClient(stack.baseUri());
        tenant = ApiClient.uniqueTenant("digested");
        assertThat(api.send("POST", "/tenants", api.operatorToken(), api.write(Map.of("tenantId", tenant,
                "displayName", "Digested")), Map.of()).status()).isEqualTo(201);
        String admin = api.token(tenant, "alice", "admin");
        assertThat(api.send("PUT", "/namespaces/orders", admin, null, Map.of()).status()).isEqualTo(201);
        Thread.sleep(2_500);

        Map<String, String> environment = new HashMap<>(stack.function(AuditDigesterHandler.FUNCTION).environment());
        environment.put(Setting.AUDIT_DIGEST_SECONDS.variable(), "1");
        AuditDigesterHandler handler = new AuditDigesterHandler(Configuration.of(environment), stack.logs());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(
                        RepositoryRoot.find().resolve("events/audit-digester-schedule.json"))), out,
                new LocalLambdaContext("scheduled-run", AuditDigesterHandler.FUNCTION, null));
        answer = json.readTree(out.toByteArray());
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    @Test
    void aScheduledRun_shouldDigestEveryRegisteredTenant_andSayWhatItDid() {
        assertThat(answer.path("tenants").asInt()).isEqualTo(1);
        assertThat(answer.path("digests").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(answer.path("failures")).isEmpty();
    }

    @Test
    void aScheduledRun_shouldLogOneDigestRunLine_withItsMetrics_namedByTheScheduleEvent() throws Exception {
        JsonNode line = null;
        for (String logged : stack.logs().lines()) {
            JsonNode parsed = json.readTree(logged);
            if (parsed.path("type").asText().equals("digest-run")) {
                line = parsed;
            }
        }

        assertThat(line).isNotNull();
        assertThat(line.path("Function").asText()).isEqualTo(AuditDigesterHandler.FUNCTION);
        assertThat(line.path("requestId").asText()).isEqualTo("schedule-53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa");
        assertThat(line.path("DigestsWritten").asInt()).isEqualTo(answer.path("digests").asInt());
        assertThat(line.path("DigestFailures").asInt()).isZero();
    }

    @Test
    void theDigests_shouldBeArchivedInTheStacksFolder_andServedToTheTenant_signedWithThePublishedKey() {
        String admin = api.token(tenant, "alice", "admin");
        ApiClient.Response digests = api.get("/audit/digests", admin);
        ApiClient.Response key = api.get("/audit/signing-key", admin);

        assertThat(digests.status()).as(digests.body()).isEqualTo(200);
        JsonNode first = digests.json().path("items").get(0);
        assertThat(first.path("tenantId").asText()).isEqualTo(tenant);
        assertThat(key.status()).as(key.body()).isEqualTo(200);
        assertThat(first.path("keyId").asText()).isEqualTo(key.json().path("keyId").asText());
        Path folder = Path.of(stack.function(AuditDigesterHandler.FUNCTION).environment()
                .get(Setting.AUDIT_DIGEST_FOLDER.variable()));
        assertThat(folder.resolve(AuditDigesterHandler.LOCAL_ARCHIVE_FOLDER).resolve(DigestArchive.nameOf(tenant,
                0, Instant.parse(first.path("periodStart").asText())))).isRegularFile();
    }
}
