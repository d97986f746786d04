package com.execalc.local;

import com.execalc.controlplane.TenantRegistry;
import com.execalc.digest.AuditDigester;
import com.execalc.digest.DigestSchedule;
import com.execalc.digest.LocalDigestArchive;
import com.execalc.digest.LocalDigestSigner;
import com.execalc.digest.RegistryTenants;
import com.execalc.wiring.AwsClients;
import com.execalc.wiring.Configuration;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local stack's digester schedule ({@code ./execalc up --audit-digest-seconds N}, default 3600): every N seconds
 * the same {@link AuditDigester} the deployed function runs digests the periods of N seconds that closed, signing with
 * the key kept in {@code .execalc/audit-signing-key/} and archiving under {@code .execalc/audit-digests/<tenant>/}.
 */
public final class LocalAuditDigests implements AutoCloseable {

    /** How long after its end a local period counts as closed: local audit writes land within milliseconds. */
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "execalc-local-digester");
        thread.setDaemon(true);
        return thread;
    });

    private LocalAuditDigests(AuditDigester digester, Duration period) {
        AtomicLong runs = new AtomicLong();
        schedule.scheduleWithFixedDelay(() -> {
            try {
                AuditDigester.Run run = digester.run("local-digest-" + runs.incrementAndGet());
                if (run.digests() > 0 || !run.failures().isEmpty()) {
                    System.out.println("{\"type\":\"audit-digests\",\"tenants\":" + run.tenants() + ",\"digests\":"
                            + run.digests() + ",\"failures\":" + run.failures().size() + "}");
                }
                run.failures().forEach(failure -> System.err.println("audit digester: " + failure));
            } catch (RuntimeException e) {
                System.err.println("audit digester run failed: " + e);
            }
        }, period.plus(SETTLE).toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts digesting the stack's tenants every {@code period}.
     *
     * @param folder {@code .execalc}: the key goes to {@code audit-signing-key/}, the digests to {@code audit-digests/}
     */
    public static LocalAuditDigests start(Configuration config, Path folder, Duration period) {
        AwsClients clients = AwsClients.of(config);
        AuditDigester digester = new AuditDigester(clients.tenantAccess(),
                new RegistryTenants(new TenantRegistry(clients.platformDynamoDb(), config.registryTable())),
                LocalDigestSigner.inFolder(folder.resolve("audit-signing-key")),
                new LocalDigestArchive(folder.resolve("audit-digests")),
                new DigestSchedule(period, SETTLE, 10_000), Clock.systemUTC());
        return new LocalAuditDigests(digester, period);
    }

    /** Reads {@code --audit-digest-seconds N} (a whole number of seconds, at least 1); 3600 when absent. */
    static Duration periodOf(String[] args) {
        String value = "3600";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--audit-digest-seconds") && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith("--audit-digest-seconds=")) {
                value = args[i].substring("--audit-digest-seconds=".length());
            }
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 1) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new IllegalArgumentException("--audit-digest-seconds takes a whole number of seconds, at least 1, not '"
                + value + "'");
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
