package com.execalc.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.execalc.controlplane.TenantRegistry;
import com.execalc.digest.AuditDigester;
import com.execalc.digest.DigestArchive;
import com.execalc.digest.DigestSchedule;
import com.execalc.digest.DigestSigner;
import com.execalc.digest.KmsDigestSigner;
import com.execalc.digest.LocalDigestArchive;
import com.execalc.digest.LocalDigestSigner;
import com.execalc.digest.RegistryTenants;
import com.execalc.digest.S3DigestArchive;
import com.execalc.observability.LogSink;
import com.execalc.observability.Telemetry;
import com.execalc.wiring.AwsClients;
import com.execalc.wiring.Configuration;
import com.execalc.wiring.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Lambda entry point of the audit digester, invoked by its EventBridge schedule (every period): one run of
 * {@link AuditDigester} over every tenant of the registry's directory, answered with what it did
 * ({@code {"tenants","digests","failures"}}) and logged as one {@code digest-run} line with its metrics. A tenant that
 * fails is named in the log and counted ({@value Telemetry#DIGEST_FAILURES}, alarmed); the others go on, and its next
 * run catches up. A run that cannot start (the registry unreachable) fails the invocation.
 *
 * <p>The signer and the archive are chosen by the settings: the KMS key of {@code AUDIT_DIGEST_KEY_ID} and the locked
 * bucket of {@code AUDIT_DIGEST_BUCKET} deployed; the key and files under {@code AUDIT_DIGEST_FOLDER} in the local
 * stack, which refuses that folder outside LOCAL mode. The tenants' trails are read and the served digests written
 * with each tenant's scoped audit credentials ({@code TENANT_ACCESS_ROLE_ARN}: the tenant-audit role deployed).
 */
public final class AuditDigesterHandler implements RequestStreamHandler {

    /** The function's name in metrics and logs. */
    public static final String FUNCTION = "audit-digester";

    /** Under {@code AUDIT_DIGEST_FOLDER}: the local signing key. */
    public static final String LOCAL_KEY_FOLDER = "audit-signing-key";
    /** Under {@code AUDIT_DIGEST_FOLDER}: the local archive, one folder per tenant. */
    public static final String LOCAL_ARCHIVE_FOLDER = "audit-digests";

    private final AuditDigester digester;
    private final Telemetry telemetry;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    /** Used by Lambda: reads the configuration from the environment. */
    public AuditDigesterHandler() {
        this(Configuration.fromSystemEnvironment());
    }

    public AuditDigesterHandler(Configuration config) {
        this(config, LogSink.stdout());
    }

    /** A digester whose lines go to {@code logs}: the local stack's captured logs. */
    public AuditDigesterHandler(Configuration config, LogSink logs) {
        this(digester(AwsClients.of(config), Clock.systemUTC()), new Telemetry(logs, FUNCTION), Clock.systemUTC());
    }

    public AuditDigesterHandler(AuditDigester digester, Telemetry telemetry, Clock clock) {
        this.digester = digester;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    /**
     * The digester the settings describe, over the function's clients: its tenants from the registry's directory,
     * periods of {@code AUDIT_DIGEST_SECONDS} on {@link DigestSchedule#forPeriod}, and the signer and archive the
     * settings select. Fails initialisation, naming the variables, when they select neither.
     */
    public static AuditDigester digester(AwsClients clients, Clock clock) {
        Configuration config = clients.configuration();
        return new AuditDigester(clients.tenantAuditAccess(),
                new RegistryTenants(new TenantRegistry(clients.platformDynamoDb(), config.registryTable())),
                signer(clients), archive(clients), DigestSchedule.forPeriod(config.auditDigestPeriod()), clock);
    }

    private static DigestSigner signer(AwsClients clients) {
        Configuration config = clients.configuration();
        return config.auditDigestKeyId().<DigestSigner>map(keyId -> new KmsDigestSigner(clients.kms(), keyId))
                .orElseGet(() -> LocalDigestSigner.inFolder(localFolder(config, Setting.AUDIT_DIGEST_KEY_ID)
                        .resolve(LOCAL_KEY_FOLDER)));
    }

    private static DigestArchive archive(AwsClients clients) {
        Configuration config = clients.configuration();
        return config.auditDigestBucket().<DigestArchive>map(bucket -> new S3DigestArchive(clients.s3(), bucket))
                .orElseGet(() -> new LocalDigestArchive(localFolder(config, Setting.AUDIT_DIGEST_BUCKET)
                        .resolve(LOCAL_ARCHIVE_FOLDER)));
    }

    private static Path localFolder(Configuration config, Setting deployed) {
        return config.auditDigestFolder().orElseThrow(() -> new IllegalStateException("Environment variable "
                + deployed.variable() + " is not set, nor " + Setting.AUDIT_DIGEST_FOLDER.variable()
                + " (LOCAL mode only)"));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context lambda) {
        long started = System.nanoTime();
        String runId = runId(input, lambda.getAwsRequestId());
        AuditDigester.Run run = digester.run(runId);
        telemetry.digestRun(runId, run.tenants(), run.digests(), run.failures(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), clock.instant());
        ObjectNode response = json.createObjectNode()
                .put("tenants", run.tenants())
                .put("digests", run.digests());
        ArrayNode failures = response.putArray("failures");
        run.failures().forEach(failures::add);
        try {
            json.writeValue(output, response);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the run's answer failed", e);
        }
    }

    /**
     * The run's id: the schedule event's id (one per scheduled invocation, kept across Lambda's retries of it), or
     * the invocation's when the event has none (an invocation by hand).
     */
    private String runId(InputStream input, String invocation) {
        JsonNode event;
        try {
            event = json.readTree(input);
        } catch (IOException e) {
            throw new UncheckedIOException("The schedule event is not JSON", e);
        }
        String id = event == null ? null : event.path("id").asText(null);
        return id == null || id.isBlank() ? invocation : "schedule-" + id;
    }
}
