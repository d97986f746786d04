package com.execalc.local;

import com.execalc.api.AuditDigesterHandler;
import com.execalc.digest.AuditDigester;
import com.execalc.digest.DigestSchedule;
import com.execalc.wiring.AwsClients;
import com.execalc.wiring.Configuration;
import com.execalc.wiring.Setting;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local stack's digester schedule ({@code ./execalc up --audit-digest-seconds N}, default 3600), standing in for
 * the deployed function's EventBridge schedule: every N seconds the digester the deployed function runs, built by the
 * same {@link AuditDigesterHandler#digester}, digests the periods of N seconds that closed, signing with the key kept
 * in {@code .execalc/audit-signing-key/} and archiving under {@code .execalc/audit-digests/<tenant>/} (the stack's
 * {@code AUDIT_DIGEST_FOLDER}).
 */
public final class LocalAuditDigests implements AutoCloseable {

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
        }, period.plus(DigestSchedule.forPeriod(period).settle()).toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Starts digesting the stack's tenants every {@code period}, with the digester the function's environment
     * describes ({@link AuditDigesterHandler#digester}: the key and files under its {@code AUDIT_DIGEST_FOLDER}) over
     * periods of {@code period}.
     */
    public static LocalAuditDigests start(LocalFunction function, Duration period) {
        Map<String, String> environment = new HashMap<>(function.environment());
        environment.put(Setting.AUDIT_DIGEST_SECONDS.variable(), Long.toString(period.toSeconds()));
        AuditDigester digester = AuditDigesterHandler.digester(AwsClients.of(Configuration.of(environment)),
                Clock.systemUTC());
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
