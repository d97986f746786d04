package com.execalc.data;

import com.execalc.access.Condition;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantKeys;
import com.execalc.access.TenantTable;
import com.execalc.audit.RequestAudit;
import com.execalc.governance.Permit;
import com.execalc.tenancy.NamespaceId;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The namespaces of the caller's tenant. */
public final class Namespaces {

    private static final String STATE = "state";
    private static final String ACTIVE = "ACTIVE";
    private static final String DELETING = "DELETING";
    private static final int PAGE = 100;

    private final Clock clock;

    public Namespaces(Clock clock) {
        this.clock = clock;
    }

    /**
     * A namespace as listed.
     *
     * @param namespace its name
     * @param createdAt when it was created
     */
    public record NamespaceView(NamespaceId namespace, Instant createdAt) {
    }

    /** Whether the namespace exists, in any state. */
    public boolean exists(TenantDynamoDb db, NamespaceId namespace) {
        return db.get(TenantTable.DATA, db.keys().namespace(namespace)).isPresent();
    }

    /**
     * Creates the namespace unless it exists.
     *
     * @param maxNamespaces the most namespaces the tenant may hold; creators racing past it take their namespace back
     * @return true when this request created it, false when it existed
     * @throws NamespaceBeingDeletedException when it exists but is being deleted
     * @throws NamespaceLimitReachedException when concurrent creations went past the limit
     */
    public boolean create(TenantDynamoDb db, RequestAudit audit, Permit permit, NamespaceId namespace,
                          int maxNamespaces) {
        TenantKeys.ItemKey key = db.keys().namespace(namespace);
        Optional<Map<String, AttributeValue>> existing = db.get(TenantTable.DATA, key);
        if (existing.isPresent()) {
            if (isDeleting(existing.get())) {
                throw new NamespaceBeingDeletedException(namespace);
            }
            return false;
        }
        String eventId = audit.writeAhead(permit, 201);
        try {
            db.put(TenantTable.DATA, key, Map.of(
                    "namespace", AttributeValue.fromS(namespace.value()),
                    STATE, AttributeValue.fromS(ACTIVE),
                    "createdAt", AttributeValue.fromS(clock.instant().truncatedTo(ChronoUnit.MILLIS).toString()),
                    "auditEventId", AttributeValue.fromS(eventId)),
                    Condition.itemAbsent().orWrittenBy("auditEventId", eventId));
        } catch (ConditionalCheckFailedException createdConcurrently) {
            return false;
        }
        if (count(db) > maxNamespaces) {
            // the limit was checked before; concurrent creators got past it together, so this one steps back
            db.delete(TenantTable.DATA, key, Condition.writtenBy("auditEventId", eventId));
            throw new NamespaceLimitReachedException(maxNamespaces);
        }
        return true;
    }

    /** Every namespace of the tenant, in name order. */
    public List<NamespaceView> list(TenantDynamoDb db) {
        List<NamespaceView> namespaces = new ArrayList<>();
        String after = null;
        do {
            TenantDynamoDb.Page page = db.query(TenantTable.DATA, db.keys().tenantPartition(),
                    TenantDynamoDb.SortKeyRange.beginsWith(TenantKeys.NAMESPACE_PREFIX), PAGE, after, true,
                    Condition.none());
            page.items().stream()
                    .filter(item -> !isDeleting(item))
                    .map(item -> new NamespaceView(NamespaceId.of(item.get("namespace").s()),
                            Instant.parse(item.get("createdAt").s())))
                    .forEach(namespaces::add);
            after = page.lastSortKey();
        } while (after != null);
        return namespaces;
    }

    /**
     * Whether the namespace exists and accepts writes.
     *
     * @throws NamespaceNotFoundException     when it does not exist
     * @throws NamespaceBeingDeletedException when it is being deleted
     */
    public void requireWritable(TenantDynamoDb db, NamespaceId namespace) {
        Map<String, AttributeValue> item = db.get(TenantTable.DATA, db.keys().namespace(namespace))
                .orElseThrow(() -> new NamespaceNotFoundException(namespace));
        if (isDeleting(item)) {
            throw new NamespaceBeingDeletedException(namespace);
        }
    }

    /** Whether the namespace exists and is not being deleted; never throws for absence. */
    public boolean isWritable(TenantDynamoDb db, NamespaceId namespace) {
        return db.get(TenantTable.DATA, db.keys().namespace(namespace)).map(item -> !isDeleting(item)).orElse(false);
    }

    /** @throws NamespaceNotFoundException when it does not exist */
    public void requireExists(TenantDynamoDb db, NamespaceId namespace) {
        if (db.get(TenantTable.DATA, db.keys().namespace(namespace)).isEmpty()) {
            throw new NamespaceNotFoundException(namespace);
        }
    }

    /**
     * Deletes an empty namespace: mark it DELETING, check that it is still empty, remove it. A record created
     * meanwhile either makes this fail (409) or rolls itself back when it sees the mark.
     *
     * @throws NamespaceNotFoundException  when it does not exist
     * @throws NamespaceNotEmptyException  when it holds records or executions
     */
    public void delete(TenantDynamoDb db, RequestAudit audit, Permit permit, NamespaceId namespace) {
        TenantKeys.ItemKey key = db.keys().namespace(namespace);
        if (db.get(TenantTable.DATA, key).isEmpty()) {
            throw new NamespaceNotFoundException(namespace);
        }
        if (holdsItems(db, namespace)) {
            throw new NamespaceNotEmptyException(namespace);
        }
        String eventId = audit.writeAhead(permit, 204);
        // the mark carries this request's event: a creator's retried write (orWrittenBy its own event) cannot revive
        // the namespace, and only this delete may finish or undo its own mark
        Map<String, String> names = Map.of("#state", STATE, "#writtenBy", "auditEventId");
        AttributeValue event = AttributeValue.fromS(eventId);
        try {
            db.update(TenantTable.DATA, key, "SET #state = :deleting, #writtenBy = :event",
                    Condition.of("attribute_exists(#pk)", names,
                            Map.of(":deleting", AttributeValue.fromS(DELETING), ":event", event)));
        } catch (ConditionalCheckFailedException deletedConcurrently) {
            return;
        }
        Condition ownMark = Condition.of("#state = :deleting AND #writtenBy = :event", names,
                Map.of(":deleting", AttributeValue.fromS(DELETING), ":event", event));
        if (holdsItems(db, namespace)) {
            try {
                db.update(TenantTable.DATA, key, "SET #state = :active", Condition.of(ownMark.expression(), names,
                        Map.of(":deleting", AttributeValue.fromS(DELETING), ":event", event,
                                ":active", AttributeValue.fromS(ACTIVE))));
            } catch (ConditionalCheckFailedException markedByAnotherDelete) {
                // that delete finds the same items and steps back itself
            }
            throw new NamespaceNotEmptyException(namespace);
        }
        try {
            db.delete(TenantTable.DATA, key, ownMark);
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            // gone or re-marked by another delete: deleted as asked; back to ACTIVE: that delete found items
            Optional<Map<String, AttributeValue>> now = db.get(TenantTable.DATA, key);
            if (now.isPresent() && !isDeleting(now.get())) {
                throw new NamespaceNotEmptyException(namespace);
            }
        }
    }

    /** Whether the namespace holds records or executions; executions are governed decisions and are kept. */
    private static boolean holdsItems(TenantDynamoDb db, NamespaceId namespace) {
        for (String prefix : List.of(TenantKeys.RECORD_PREFIX, TenantKeys.EXECUTION_PREFIX)) {
            if (!db.query(TenantTable.DATA, db.keys().namespacePartition(namespace),
                    TenantDynamoDb.SortKeyRange.beginsWith(prefix), 1, null, true, Condition.none()).items().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** How many namespaces the tenant holds, counted strongly consistent. */
    public int count(TenantDynamoDb db) {
        return db.count(TenantTable.DATA, db.keys().tenantPartition(),
                TenantDynamoDb.SortKeyRange.beginsWith(TenantKeys.NAMESPACE_PREFIX));
    }

    private static boolean isDeleting(Map<String, AttributeValue> item) {
        AttributeValue state = item.get(STATE);
        return state != null && DELETING.equals(state.s());
    }
}
