package com.execalc.audit;

import com.execalc.access.Condition;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantKeys;
import com.execalc.access.TenantTable;
import com.execalc.governance.Permit;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * Reads and writes audit events in the tenant's audit partitions; the item shape lives here and nowhere else. Each event
 * goes to the shard its id picks ({@link com.execalc.access.TenantKeys#auditPartitionOf}), and the shipper's ledger
 * entry for it to the same shard. The tenant's retention marks live in its first shard.
 */
public final class AuditTrail {

    /** The attribute DynamoDB's TTL reads: epoch seconds after which the event may be removed. */
    public static final String EXPIRES_AT = "expiresAt";

    /** The attribute of the actor's kind, {@link AuditEvent.ActorType}; items written before it existed lack it. */
    public static final String ACTOR_TYPE = "actorType";

    /** How items without {@value #ACTOR_TYPE} marked an operator's subject (see {@link #legacyOperatorActions}). */
    private static final String LEGACY_OPERATOR_PREFIX = "platform:";

    private AuditTrail() {
    }

    /**
     * Inserts an event with a conditional put, so that an existing event can never be overwritten; only the SDK's
     * retry of this very put, after a lost response, may write the identical item again.
     *
     * @param retention how long the event must be kept; it carries a TTL of {@code timestamp + retention}
     */
    public static void append(TenantDynamoDb db, AuditEvent event, Duration retention) {
        db.put(TenantTable.AUDIT, db.keys().auditPartitionOf(event.eventId()).item(event.eventId()),
                toItem(event, retention),
                Condition.itemAbsent().orWrittenBy("requestId", event.requestId()));
    }

    /**
     * Sort key prefix of the tenant's retention marks ({@link #markRetention}), in its first audit partition; it sorts
     * before every event id, so event queries never see it.
     */
    public static final String RETENTION_PREFIX = "#RETENTION#";

    /** Marks hold the days in five digits, so that they sort by length of retention. */
    private static final int MAX_MARKED_DAYS = 99_999;

    /**
     * Records that the tenant's policy asks for its audit events to be kept {@code days}, for the writers of its events
     * that never read its policy (the authorizer's denials, the control plane, refusals before the policy is read):
     * they read {@link #longestRetention}. A mark is inserted in the tenant's first audit partition, which every shard
     * count includes, and is never changed or removed (it has no TTL), so the longest mark can only grow, whatever the
     * order in which concurrent changes land; marking days that are marked already changes nothing. Only a request
     * that governance allowed marks ({@code permit}).
     */
    public static void markRetention(TenantDynamoDb db, Permit permit, int days) {
        Objects.requireNonNull(permit, "permit");
        if (days < 1 || days > MAX_MARKED_DAYS) {
            throw new IllegalArgumentException("A retention mark holds 1 to " + MAX_MARKED_DAYS + " days, not " + days);
        }
        try {
            db.put(TenantTable.AUDIT, db.keys().auditShard(0).item(RETENTION_PREFIX + String.format("%05d", days)),
                    Map.of("retentionDays", AttributeValue.fromN(Integer.toString(days))),
                    Condition.itemAbsent());
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException alreadyMarked) {
            // the tenant asked for this retention before
        }
    }

    /** The longest retention, in days, that a mark of the tenant records; empty when the tenant has none. */
    public static OptionalInt longestRetention(TenantDynamoDb db) {
        TenantDynamoDb.Page newest = db.query(TenantTable.AUDIT, db.keys().auditShard(0),
                TenantDynamoDb.SortKeyRange.beginsWith(RETENTION_PREFIX), 1, null, false, Condition.none());
        return newest.items().isEmpty() ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(newest.items().get(0).get("retentionDays").n()));
    }

    /** Sort key prefix of the shipper's ledger; it sorts before every event id, so event queries never see it. */
    public static final String SHIPPED_PREFIX = "#SHIPPED#";

    /**
     * Whether the shipper already wrote this event to the tenant's log group.
     *
     * @param shard the audit shard the event is stored in, where its ledger entry is too
     */
    public static boolean isShipped(TenantDynamoDb db, int shard, String eventId) {
        return db.get(TenantTable.AUDIT, db.keys().auditShard(shard).item(SHIPPED_PREFIX + eventId)).isPresent();
    }

    /**
     * Remembers that the shipper wrote this event; insert-only like the events themselves. The entry goes to the
     * event's own shard, the one the stream named, rather than one recomputed from the tenant's current shard count:
     * the count may have grown since the event was written, and the entry's writes spread like the events'.
     */
    public static void markShipped(TenantDynamoDb db, int shard, String eventId, Instant at, Duration retention) {
        try {
            db.put(TenantTable.AUDIT, db.keys().auditShard(shard).item(SHIPPED_PREFIX + eventId), Map.of(
                    "shippedAt", AttributeValue.fromS(at.toString()),
                    EXPIRES_AT, AttributeValue.fromN(Long.toString(at.plus(retention).getEpochSecond()))),
                    Condition.itemAbsent());
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException alreadyMarked) {
            // a retried batch marks again what a previous attempt marked
        }
    }

    /** Whether an audit table item is an event (and not, e.g., a ledger entry). */
    public static boolean isEvent(Map<String, AttributeValue> item) {
        AttributeValue sortKey = item.get(TenantKeys.SORT_KEY);
        return sortKey != null && sortKey.s() != null && !sortKey.s().startsWith("#") && item.containsKey("eventId");
    }

    private static AuditEvent.ActorType actorTypeOf(Map<String, AttributeValue> item) {
        AttributeValue stored = item.get(ACTOR_TYPE);
        if (stored != null) {
            return AuditEvent.ActorType.valueOf(stored.s());
        }
        return isLegacyOperatorEvent(item) ? AuditEvent.ActorType.PLATFORM_OPERATOR : AuditEvent.ActorType.MEMBER;
    }

    private static String actorOf(Map<String, AttributeValue> item) {
        String actor = item.get("actor").s();
        return !item.containsKey(ACTOR_TYPE) && isLegacyOperatorEvent(item)
                ? actor.substring(LEGACY_OPERATOR_PREFIX.length()) : actor;
    }

    /**
     * How items without {@value #ACTOR_TYPE} named an operator: the control plane wrote exactly these actions, always
     * with the actor {@code platform:<sub>}, and no member's request could produce them. Frozen: every item written
     * since carries its actor's kind, so later control-plane actions never need to be listed here.
     */
    private static List<String> legacyOperatorActions() {
        return List.of("tenant.register", "tenant.describe", "tenant.status", "tenant.audit.shards");
    }

    private static boolean isLegacyOperatorEvent(Map<String, AttributeValue> item) {
        return legacyOperatorActions().contains(item.get("action").s())
                && item.get("actor").s().startsWith(LEGACY_OPERATOR_PREFIX);
    }

    /**
     * A filter (for DynamoDB to apply within a partition) that keeps exactly the events whose actor, as
     * {@link #fromItem} reads it, is {@code actor} of kind {@code actorType}; items from before
     * {@value #ACTOR_TYPE} included.
     *
     * @param actorType the kind, or {@code null} for any
     * @param actor     the subject, or {@code null} for any
     * @return {@link Condition#none()} when both are {@code null}
     */
    public static Condition actorFilter(AuditEvent.ActorType actorType, String actor) {
        if (actorType == null && actor == null) {
            return Condition.none();
        }
        Map<String, String> names = new HashMap<>(Map.of("#actor", "actor", "#actorType", ACTOR_TYPE));
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> alternatives = new ArrayList<>();
        List<String> current = new ArrayList<>();
        if (actorType != null) {
            current.add("#actorType = :actorType");
            values.put(":actorType", AttributeValue.fromS(actorType.name()));
        } else {
            current.add("attribute_exists(#actorType)");
        }
        if (actor != null) {
            current.add("#actor = :actor");
            values.put(":actor", AttributeValue.fromS(actor));
        }
        alternatives.add(String.join(" AND ", current));

        names.put("#legacyAction", "action");
        StringJoiner legacyActions = new StringJoiner(", ", "#legacyAction IN (", ")");
        List<String> legacy = legacyOperatorActions();
        for (int i = 0; i < legacy.size(); i++) {
            legacyActions.add(":legacyAction" + i);
            values.put(":legacyAction" + i, AttributeValue.fromS(legacy.get(i)));
        }
        String legacyOperator = legacyActions + " AND begins_with(#actor, :legacyPrefix)";
        values.put(":legacyPrefix", AttributeValue.fromS(LEGACY_OPERATOR_PREFIX));
        if (actorType != AuditEvent.ActorType.MEMBER) {
            alternatives.add("attribute_not_exists(#actorType) AND " + legacyOperator
                    + (actor == null ? "" : " AND #actor = :legacyActor"));
            if (actor != null) {
                values.put(":legacyActor", AttributeValue.fromS(LEGACY_OPERATOR_PREFIX + actor));
            }
        }
        if (actorType != AuditEvent.ActorType.PLATFORM_OPERATOR) {
            alternatives.add("attribute_not_exists(#actorType) AND NOT (" + legacyOperator + ")"
                    + (actor == null ? "" : " AND #actor = :actor"));
        }
        return Condition.of("(" + String.join(") OR (", alternatives) + ")", names, values);
    }

    static Map<String, AttributeValue> toItem(AuditEvent event, Duration retention) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("eventId", AttributeValue.fromS(event.eventId()));
        item.put("timestamp", AttributeValue.fromS(event.timestamp().toString()));
        item.put("tenantId", AttributeValue.fromS(event.tenantId().value()));
        item.put("actor", AttributeValue.fromS(event.actor()));
        item.put(ACTOR_TYPE, AttributeValue.fromS(event.actorType().name()));
        item.put("roles", AttributeValue.fromL(event.roles().stream().map(TenantRole::wireName).sorted()
                .map(AttributeValue::fromS).toList()));
        item.put("action", AttributeValue.fromS(event.action()));
        item.put("resource", AttributeValue.fromS(event.resource()));
        item.put("decision", AttributeValue.fromS(event.decision().name()));
        item.put("reason", AttributeValue.fromS(event.reason()));
        item.put("requestId", AttributeValue.fromS(event.requestId()));
        item.put("outcome", AttributeValue.fromN(Integer.toString(event.outcome())));
        if (!event.details().isEmpty()) {
            item.put("details", AttributeValue.fromM(event.details().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, entry -> AttributeValue.fromS(entry.getValue())))));
        }
        item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(event.timestamp().plus(retention).getEpochSecond())));
        return item;
    }

    /**
     * An event as one JSON object: what the tenant's audit log group, the audit API and the function log lines show.
     *
     * @param withDetails whether to include the details (e.g. the policies of a policy change); function log lines
     *                    leave them out
     */
    public static ObjectNode toJson(AuditEvent event, boolean withDetails) {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("eventId", event.eventId())
                .put("timestamp", event.timestamp().toString())
                .put("tenantId", event.tenantId().value())
                .put("actor", event.actor())
                .put("actorType", event.actorType().name())
                .put("action", event.action())
                .put("resource", event.resource())
                .put("decision", event.decision().name())
                .put("reason", event.reason())
                .put("requestId", event.requestId())
                .put("outcome", event.outcome());
        if (withDetails) {
            ArrayNode roles = json.putArray("roles");
            event.roles().stream().map(TenantRole::wireName).sorted().forEach(roles::add);
            ObjectNode details = json.putObject("details");
            event.details().forEach(details::put);
        }
        return json;
    }

    /**
     * The event an audit item holds. An item written before events carried {@value #ACTOR_TYPE} reads as a platform
     * operator's when it is one of the control plane's actions with a {@code platform:} actor (the prefix is dropped,
     * as the actor is the operator's subject), and as a member's otherwise.
     */
    public static AuditEvent fromItem(Map<String, AttributeValue> item) {
        Set<TenantRole> roles = EnumSet.noneOf(TenantRole.class);
        item.get("roles").l().forEach(role -> TenantRole.fromWireName(role.s()).ifPresent(roles::add));
        Map<String, String> details = item.containsKey("details")
                ? item.get("details").m().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().s()))
                : Map.of();
        return new AuditEvent(
                item.get("eventId").s(),
                Instant.parse(item.get("timestamp").s()),
                TenantId.of(item.get("tenantId").s()),
                actorOf(item),
                actorTypeOf(item),
                roles,
                item.get("action").s(),
                item.get("resource").s(),
                AuditEvent.Decision.valueOf(item.get("decision").s()),
                item.get("reason").s(),
                item.get("requestId").s(),
                Integer.parseInt(item.get("outcome").n()),
                details);
    }
}
