package com.execalc.audit;

import com.execalc.access.TenantAccess;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantKeys;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ships new audit events from the audit table's stream to each tenant's CloudWatch audit log group.
 *
 * <p>A batch may mix tenants. Its events are grouped by tenant, and each group is shipped inside an execution context
 * of its own, with a log writer whose credentials reach only that tenant's group: an event can never land in another
 * tenant's group. A group that fails is reported back (partial batch response) and retried; the other groups go on.
 * Retries are idempotent: each shipped event is remembered in the audit partition (shard) it is stored in, and not
 * written again. A tenant with several audit shards has its events in several partitions, which the stream may deliver
 * in different batches and invocations: each batch is shipped in event id order, batches need not be.
 *
 * <p>Every change other than an insert or a TTL expiry is reported as {@link Tampering}, never shipped.
 *
 * <p>A tenant's group keeps its events as long as the tenant ever asked: a batch that holds an allowed policy change
 * asking for longer than the global sets the group to the longest of that change and the tenant's retention marks
 * ({@link AuditTrail#longestRetention}), before any of its events counts as shipped; nothing else touches it, so it
 * never goes down, whatever the order of batches.
 */
public final class AuditShipper {

    /** The stream's actor in the shipper's execution contexts. */
    public static final String ACTOR = "audit-shipper";

    private static final int MAX_LINES_PER_PUT = 500;
    private static final DateTimeFormatter STREAM_DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final TenantAccess access;
    private final TenantLogWriter.Factory writers;
    private final Duration minimumRetention;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    /** @param minimumRetention the global audit retention, which the ledger entries keep too */
    public AuditShipper(TenantAccess access, TenantLogWriter.Factory writers, Duration minimumRetention, Clock clock) {
        this.access = access;
        this.writers = writers;
        this.minimumRetention = minimumRetention;
        this.clock = clock;
    }

    /** The stream's name of an insert. */
    public static final String INSERT = "INSERT";
    /** The stream's name of a change to an existing item. */
    public static final String MODIFY = "MODIFY";
    /** The stream's name of a removal. */
    public static final String REMOVE = "REMOVE";

    /**
     * One change the stream delivered.
     *
     * @param sequenceNumber its sequence number, which identifies it in a partial batch response
     * @param eventName      {@value #INSERT}, {@value #MODIFY} or {@value #REMOVE}
     * @param keys           the item's key (every stream view type carries it)
     * @param newImage       the item after the change; empty for removals
     * @param expiredByTtl   whether DynamoDB's TTL removed the item (the record's {@code userIdentity} is the service
     *                       {@code dynamodb.amazonaws.com})
     */
    public record StreamRecord(String sequenceNumber, String eventName, Map<String, AttributeValue> keys,
                               Map<String, AttributeValue> newImage, boolean expiredByTtl) {
        public StreamRecord {
            keys = Map.copyOf(keys);
            newImage = Map.copyOf(newImage);
        }
    }

    /**
     * A change of the audit table that is neither an insert nor a TTL expiry. The table is insert-only and no code
     * path updates or deletes an item of it (an SDK retry of an event's own put rewrites the identical item, which
     * changes nothing), so each one is an alert: someone with write access changed the record.
     *
     * @param tenantId the tenant whose partition the item is in, or {@code null} when the key names none
     */
    public record Tampering(String sequenceNumber, String eventName, String tenantId, String partitionKey,
                            String sortKey) {
    }

    /**
     * What came of a batch.
     *
     * @param failed    the sequence numbers of the records that must be retried
     * @param tampering the changes to raise an alert for; they are not retried
     */
    public record Result(List<String> failed, List<Tampering> tampering) {
        public Result {
            failed = List.copyOf(failed);
            tampering = List.copyOf(tampering);
        }
    }

    /**
     * Ships a batch.
     *
     * @param batchId an id for the shipper's execution contexts and log lines
     */
    public Result ship(List<StreamRecord> records, String batchId) {
        Map<TenantId, List<Located>> byTenant = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        List<Tampering> tampering = new ArrayList<>();
        for (StreamRecord record : records) {
            if (!INSERT.equals(record.eventName())) {
                if (MODIFY.equals(record.eventName()) || REMOVE.equals(record.eventName())) {
                    if (!(REMOVE.equals(record.eventName()) && record.expiredByTtl())) {
                        tampering.add(tamperingOf(record));
                    }
                } else {
                    failed.add(record.sequenceNumber()); // never guess what a change was: retry, then the failure queue
                }
                continue;
            }
            if (!AuditTrail.isEvent(record.newImage())) {
                continue; // the shipper's ledger entries and the tenants' retention marks are not events
            }
            AttributeValue partition = record.newImage().get(TenantKeys.PARTITION_KEY);
            TenantKeys.AuditPartitionKey key = partition == null ? null
                    : TenantKeys.readAuditPartition(partition.s()).orElse(null);
            if (key == null) {
                failed.add(record.sequenceNumber()); // never guess a tenant: retry, then the failure destination
                continue;
            }
            byTenant.computeIfAbsent(key.tenant(), tenant -> new ArrayList<>()).add(new Located(record, key.shard()));
        }
        byTenant.forEach((tenant, group) -> {
            try {
                shipTenant(tenant, group, batchId);
            } catch (RuntimeException e) {
                group.forEach(located -> failed.add(located.record().sequenceNumber()));
            }
        });
        return new Result(failed, tampering);
    }

    private static Tampering tamperingOf(StreamRecord record) {
        String partition = textOf(record.keys().get(TenantKeys.PARTITION_KEY));
        String tenant = partition == null ? null : TenantKeys.readAuditPartition(partition)
                .map(key -> key.tenant().value()).orElse(null);
        return new Tampering(record.sequenceNumber(), record.eventName(), tenant, partition,
                textOf(record.keys().get(TenantKeys.SORT_KEY)));
    }

    private static String textOf(AttributeValue value) {
        return value == null ? null : value.s();
    }

    /** A stream record and the audit shard its item is stored in. */
    private record Located(StreamRecord record, int shard) {
    }

    /** An event to ship and the shard it is stored in. */
    private record ShardedEvent(AuditEvent event, int shard) {
    }

    private void shipTenant(TenantId tenant, List<Located> group, String batchId) {
        // the shipper follows the shards the stream names rather than choosing one, so its context spans them all
        TenantContext shipper = new TenantContext(tenant, ACTOR, Set.of(), batchId, AuditShards.all());
        try (ExecutionContext context = ExecutionContext.open(shipper, null, clock.instant())) {
            TenantDynamoDb db = access.open(context);
            TenantLogWriter writer = writers.forTenant(context);
            List<ShardedEvent> events = new ArrayList<>();
            int asked = 0;
            for (Located located : group) {
                AuditEvent event = AuditTrail.fromItem(located.record().newImage());
                if (!event.tenantId().equals(tenant)) {
                    throw new InvalidInputException("An audit item's tenantId differs from its partition");
                }
                // shipped or not: a retry of a batch whose lines went out must still apply the retention
                asked = Math.max(asked, retentionAsked(event));
                if (!AuditTrail.isShipped(db, located.shard(), event.eventId())) {
                    events.add(new ShardedEvent(event, located.shard()));
                }
            }
            // only an allowed policy change asking for longer than the global moves the group, and only up; before any
            // event counts as shipped, so that a failure retries it
            if (asked > minimumRetention.toDays()) {
                keepForTheLongestAsked(db, writer, asked);
            }
            events.sort(Comparator.comparing(sharded -> sharded.event().eventId()));
            if (events.isEmpty()) {
                return;
            }
            Instant now = clock.instant();
            String stream = "audit-" + STREAM_DAY.format(now);
            writer.ensureStream(stream);
            for (int from = 0; from < events.size(); from += MAX_LINES_PER_PUT) {
                List<ShardedEvent> chunk = events.subList(from, Math.min(events.size(), from + MAX_LINES_PER_PUT));
                writer.put(stream, chunk.stream().map(sharded -> new TenantLogWriter.LogLine(
                        sharded.event().timestamp().toEpochMilli(), line(sharded.event()))).toList());
                chunk.forEach(sharded -> AuditTrail.markShipped(db, sharded.shard(), sharded.event().eventId(), now,
                        minimumRetention));
            }
        }
    }

    /**
     * Sets the tenant's group to the longest retention the tenant has asked for: this batch's change, or its longest
     * retention mark, which an older or concurrent change may have made longer (its mark is written before its event).
     * CloudWatch replaces the period on each set, and another invocation of the shipper may set the same group at the
     * same time, so the marks are read again after the set and it is repeated while they say longer: whichever set
     * lands last was followed by a read that found nothing longer, so the group ends at the longest mark.
     */
    private static void keepForTheLongestAsked(TenantDynamoDb db, TenantLogWriter writer, int asked) {
        int days = Math.max(asked, AuditTrail.longestRetention(db).orElse(asked));
        while (true) {
            writer.setRetention(days);
            int marked = AuditTrail.longestRetention(db).orElse(days);
            if (marked <= days) {
                return;
            }
            days = marked;
        }
    }

    /** The log line of an event: the whole event, details included, as one JSON object. */
    private static String line(AuditEvent event) {
        return AuditTrail.toJson(event, true).toString();
    }

    /** The audit retention an allowed policy change asked for, or -1 for any other event. */
    private int retentionAsked(AuditEvent event) {
        String newPolicy = event.details().get("newPolicy");
        if (!"policy.put".equals(event.action()) || event.decision() != AuditEvent.Decision.ALLOW
                || event.outcome() != 200 || newPolicy == null) {
            return -1;
        }
        try {
            JsonNode days = json.readTree(newPolicy).get("auditRetentionDays");
            return days != null && days.canConvertToInt() ? days.intValue() : -1;
        } catch (java.io.IOException unreadable) {
            return -1;
        }
    }
}
