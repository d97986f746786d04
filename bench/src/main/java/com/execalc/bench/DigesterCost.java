package com.execalc.bench;

import com.execalc.access.TenantAccess;
import com.execalc.access.TenantDynamoDb;
import com.execalc.audit.AuditEvent;
import com.execalc.audit.AuditTrail;
import com.execalc.audit.EventIds;
import com.execalc.digest.AuditDigester;
import com.execalc.digest.DigestSchedule;
import com.execalc.digest.DigestedTenants;
import com.execalc.digest.LocalDigestArchive;
import com.execalc.digest.LocalDigestSigner;
import com.execalc.local.LocalCloud;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import com.execalc.wiring.AwsClients;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./execalc bench digester [tenants] [periods] [events per period]}: the audit digester's cost per
 * tenant-period here, against the local stack's dynalite (real HTTP, the guard, the local signer, the file archive).
 * Each tenant has one shard whose trail holds {@code events} events in each of {@code periods} closed periods of one
 * minute; one run digests them all, and the figure is its wall time divided by tenants x periods. Run once with no
 * events to see the fixed cost of a period (one Query, one signature, one archive file, one served copy).
 */
public final class DigesterCost {

    private DigesterCost() {
    }

    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int periods = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Duration period = Duration.ofMinutes(1);
        try (LocalCloud stack = LocalCloud.start(0)) {
            AwsClients clients = AwsClients.of(stack.functionConfiguration());
            TenantAccess access = clients.tenantAccess();
            DigestSchedule schedule = new DigestSchedule(period, Duration.ZERO, 10_000);
            Instant now = Instant.now();
            Instant first = schedule.periodOf(now).minus(period.multipliedBy(periods));
            EventIds ids = new EventIds();
            List<DigestedTenants.Tenant> listed = new ArrayList<>();
            for (int t = 0; t < tenants; t++) {
                TenantId tenant = TenantId.of("bench-digest-" + t);
                listed.add(new DigestedTenants.Tenant(tenant, AuditShards.one(), first));
                TenantContext writer = new TenantContext(tenant, "bench", Set.of(TenantRole.ADMIN), "bench-" + t);
                try (ExecutionContext context = ExecutionContext.open(writer, null, now)) {
                    TenantDynamoDb db = access.open(context);
                    for (int p = 0; p < periods; p++) {
                        for (int e = 0; e < events; e++) {
                            Instant at = first.plus(period.multipliedBy(p)).plusMillis(1 + e * 50L);
                            AuditTrail.append(db, new AuditEvent(ids.next(at), at, tenant, "alice",
                                    AuditEvent.ActorType.MEMBER, Set.of(TenantRole.ADMIN), "record.put", "orders/" + e,
                                    AuditEvent.Decision.ALLOW, "ROLE_ALLOWS_ACTION", "req-" + p + "-" + e, 201,
                                    Map.of()), Duration.ofDays(365));
                        }
                    }
                }
            }
            Path archive = Files.createTempDirectory("execalc-digest-bench");
            AuditDigester digester = new AuditDigester(access,
                    cursor -> new DigestedTenants.Page(listed, null), LocalDigestSigner.ephemeral(),
                    new LocalDigestArchive(archive), schedule, Clock.fixed(now, java.time.ZoneOffset.UTC));
            long started = System.nanoTime();
            AuditDigester.Run run = digester.run("bench");
            double millis = (System.nanoTime() - started) / 1e6;
            if (!run.failures().isEmpty() || run.digests() != tenants * periods) {
                throw new IllegalStateException("The run failed: " + run);
            }
            System.out.printf("digester: %d tenants x %d periods x %d events: %d digests in %.0f ms, %.2f ms per"
                    + " tenant-period (dynalite, local signer, file archive)%n", tenants, periods, events,
                    run.digests(), millis, millis / run.digests());
        }
    }
}
