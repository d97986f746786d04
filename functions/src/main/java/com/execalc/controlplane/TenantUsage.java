package com.execalc.controlplane;

import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantKeys;
import com.execalc.access.TenantTable;
import com.execalc.audit.AuditEvent;
import com.execalc.audit.AuditTrail;
import com.execalc.audit.EventIds;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A tenant's requests in a period, counted from its own audit partitions: one event per request, so no new data path.
 * One Query per audit shard on the event id range of the period (event ids sort by time), filtered to members' events
 * (the operators' own events are not the tenant's requests) and projecting only what is counted, paged by DynamoDB's
 * 1 MB. Its cost is the events it reads: a Query reads whole items before it projects or filters, so a period of N
 * events costs about N × (event size, ~0.5 KB) / 4 KB read units, strongly consistent (see docs/DEPLOY.md).
 */
public final class TenantUsage {

    /** The longest period counted in one request: a year of a premium tenant's events is already ~10^10 reads. */
    public static final java.time.Duration MAX_PERIOD = java.time.Duration.ofDays(366);

    private static final int PAGE = 1_000;

    /**
     * The counts of one period.
     *
     * @param requests   every member request audited in it
     * @param byAction   the requests by action, e.g. {@code record.put}
     * @param byDecision the requests by decision, ALLOW or DENY
     */
    public record Usage(Instant from, Instant to, long requests, Map<String, Long> byAction,
                        Map<String, Long> byDecision) {
        public Usage {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            byAction = Map.copyOf(byAction);
            byDecision = Map.copyOf(byDecision);
        }
    }

    /** Counts the members' requests audited from {@code from} to {@code to}, both included, in every audit shard. */
    public Usage count(TenantDynamoDb db, Instant from, Instant to) {
        Map<String, Long> byAction = new TreeMap<>();
        Map<String, Long> byDecision = new TreeMap<>();
        long requests = 0;
        TenantDynamoDb.SortKeyRange period = TenantDynamoDb.SortKeyRange.between(EventIds.lowest(from),
                EventIds.highest(to));
        for (TenantKeys.Partition shard : db.keys().auditPartitions()) {
            String after = null;
            do {
                TenantDynamoDb.Page page = db.query(TenantTable.AUDIT, shard, period, PAGE, after, true,
                        AuditTrail.actorFilter(AuditEvent.ActorType.MEMBER, null), List.of("action", "decision"));
                for (Map<String, AttributeValue> event : page.items()) {
                    requests++;
                    byAction.merge(event.get("action").s(), 1L, Long::sum);
                    byDecision.merge(event.get("decision").s(), 1L, Long::sum);
                }
                after = page.lastSortKey();
            } while (after != null);
        }
        return new Usage(from, to, requests, byAction, byDecision);
    }
}
