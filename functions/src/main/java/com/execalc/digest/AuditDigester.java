package com.execalc.digest;

import com.execalc.access.Condition;
import com.execalc.access.TenantAccess;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantTable;
import com.execalc.audit.AuditTrail;
import com.execalc.audit.EventIds;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the digests of every tenant's closed periods: for each tenant of the registry's directory, for each of its
 * audit shards, each period after the shard's latest digest (from the tenant's registration on the first run), oldest
 * first, up to the last closed one.
 *
 * <p>Each tenant is digested inside an execution context of its own, with that tenant's scoped credentials (its session
 * policy and the in-process guard, as for the shipper), reading its audit partitions with Queries only. A period's
 * events are read in event id order; the digest is signed, archived (write-once; a period archived before, by a run
 * that stopped before serving it, is served as archived, never signed again), then served from the tenant's audit
 * partition. The chain continues from the archived digest of the served latest one: a served digest the archive does not
 * hold stops the shard (and is reported), as it was not written by the digester. A failing tenant is reported and the
 * others go on; its next run catches up.
 */
public final class AuditDigester {

    /** The digester's actor in its execution contexts. */
    public static final String ACTOR = "audit-digester";

    private static final int READ_PAGE = 500;

    private final TenantAccess access;
    private final DigestedTenants tenants;
    private final DigestSigner signer;
    private final DigestArchive archive;
    private final DigestSchedule schedule;
    private final Clock clock;

    public AuditDigester(TenantAccess access, DigestedTenants tenants, DigestSigner signer, DigestArchive archive,
                         DigestSchedule schedule, Clock clock) {
        this.access = access;
        this.tenants = tenants;
        this.signer = signer;
        this.archive = archive;
        this.schedule = schedule;
        this.clock = clock;
    }

    /**
     * What a run did.
     *
     * @param tenants  how many tenants it looked at
     * @param digests  how many digests it wrote (archived and served)
     * @param failures one line per tenant that failed, naming it and why
     */
    public record Run(int tenants, int digests, List<String> failures) {
        public Run {
            failures = List.copyOf(failures);
        }
    }

    /** Digests every tenant's closed periods. @param runId names the run's execution contexts */
    public Run run(String runId) {
        Instant now = clock.instant();
        int seen = 0;
        int written = 0;
        List<String> failures = new ArrayList<>();
        String cursor = null;
        do {
            DigestedTenants.Page page = tenants.page(cursor);
            for (DigestedTenants.Tenant tenant : page.tenants()) {
                seen++;
                try {
                    written += digestTenant(tenant, runId, now);
                } catch (RuntimeException e) {
                    failures.add(tenant.id().value() + ": " + e.getMessage());
                }
            }
            cursor = page.next();
        } while (cursor != null);
        return new Run(seen, written, failures);
    }

    private int digestTenant(DigestedTenants.Tenant tenant, String runId, Instant now) {
        TenantContext digester = new TenantContext(tenant.id(), ACTOR, Set.of(), runId, tenant.shards());
        try (ExecutionContext context = ExecutionContext.open(digester, null, now)) {
            TenantDynamoDb db = access.open(context);
            AuditDigests.publishSigningKey(db, signer.key(), now);
            int written = 0;
            for (int shard = 0; shard < tenant.shards().count(); shard++) {
                written += digestShard(db, tenant, shard, now);
            }
            return written;
        }
    }

    private int digestShard(TenantDynamoDb db, DigestedTenants.Tenant tenant, int shard, Instant now) {
        String tenantId = tenant.id().value();
        AuditDigest previous = AuditDigests.latest(db, shard).map(served -> archive
                .find(tenantId, shard, served.periodStart())
                .filter(archived -> archived.equals(served))
                .orElseThrow(() -> new IllegalStateException("shard " + shard + ": the served digest of "
                        + served.periodStart() + " is not the archived one")))
                .orElse(null);
        Instant start = previous == null ? schedule.periodOf(tenant.since()) : previous.periodEnd();
        Instant closedUntil = schedule.closedUntil(now);
        int written = 0;
        while (written < schedule.maxPeriodsPerRun() && !start.plus(schedule.period()).isAfter(closedUntil)) {
            Instant end = start.plus(schedule.period());
            AuditDigest digest = archive.find(tenantId, shard, start).orElse(null);
            if (digest == null) {
                digest = archive.putIfAbsent(sign(db, tenantId, shard, start, end, previous));
            }
            AuditDigests.recordDigest(db, digest);
            previous = digest;
            start = end;
            written++;
        }
        return written;
    }

    private AuditDigest sign(TenantDynamoDb db, String tenantId, int shard, Instant start, Instant end,
                             AuditDigest previous) {
        List<byte[]> leaves = new ArrayList<>();
        TenantDynamoDb.SortKeyRange range = TenantDynamoDb.SortKeyRange.between(EventIds.lowest(start),
                EventIds.highest(end.minusMillis(1)));
        String after = null;
        do {
            TenantDynamoDb.Page page = db.query(TenantTable.AUDIT, db.keys().auditShard(shard), range, READ_PAGE, after,
                    true, Condition.none());
            for (Map<String, AttributeValue> item : page.items()) {
                if (AuditTrail.isEvent(item)) {
                    leaves.add(CanonicalEvent.bytes(CanonicalEvent.viewOf(item)));
                }
            }
            after = page.lastSortKey();
        } while (after != null);
        AuditDigest unsigned = AuditDigest.unsigned(tenantId, shard, start, end, leaves.size(), MerkleTree.root(leaves),
                previous, signer.key().keyId());
        return unsigned.withSignature(signer.sign(unsigned.signedContent()));
    }
}
