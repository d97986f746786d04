package com.execalc.data;

import com.execalc.access.Condition;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantKeys;
import com.execalc.access.TenantTable;
import com.execalc.audit.RequestAudit;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.PreconditionFailedException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The namespaces of the caller's tenant. Each namespace has an incarnation, the id of the event of the create that made
 * it, which every record and execution written into it carries, so that what an earlier namespace of the same name left
 * behind is never read as this one's.
 */
public final class Namespaces {

    /** The incarnation of a namespace created before incarnations existed; its items carry none. */
    static final String LEGACY = "legacy";

    private static final String STATE = "state";
    private static final String ACTIVE = "ACTIVE";
    private static final String DELETING = "DELETING";
    private static final String INCARNATION = "incarnation";
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

    /**
     * A namespace as read, with what tells its own items from those of an earlier namespace of the same name.
     *
     * @param incarnation the id of the event of the create that made it, or {@link #LEGACY} for a namespace older
     *                    than incarnations
     */
    public record Namespace(NamespaceId name, String incarnation, boolean deleting) {

        /** Whether an item of the namespace's partition was written into this namespace. */
        public boolean owns(Map<String, AttributeValue> item) {
            AttributeValue written = item.get(INCARNATION);
            return incarnation.equals(written == null ? LEGACY : written.s());
        }

        /** The attribute its items carry: none for a legacy namespace, as its items have none. */
        public void stamp(Map<String, AttributeValue> item) {
            if (!incarnation.equals(LEGACY)) {
                item.put(INCARNATION, AttributeValue.fromS(incarnation));
            }
        }

        /** A filter for a query of its partition that keeps its own items only. */
        public Condition ownItems() {
            return incarnation.equals(LEGACY)
                    ? Condition.of("attribute_not_exists(#incarnation)", Map.of("#incarnation", INCARNATION), Map.of())
                    : Condition.of("#incarnation = :incarnation", Map.of("#incarnation", INCARNATION),
                            Map.of(":incarnation", AttributeValue.fromS(incarnation)));
        }

        /**
         * A write's condition that the item is absent, or one that an earlier namespace of this name left behind (and
         * that this namespace therefore does not hold).
         */
        public Condition absentOrLeftBehind() {
            return incarnation.equals(LEGACY) ? Condition.itemAbsent()
                    : Condition.of("attribute_not_exists(#pk) OR attribute_not_exists(#incarnation) "
                            + "OR #incarnation <> :incarnation", Map.of("#incarnation", INCARNATION),
                            Map.of(":incarnation", AttributeValue.fromS(incarnation)));
        }
    }

    /** Whether the namespace exists, in any state. */
    public boolean exists(TenantDynamoDb db, NamespaceId namespace) {
        return find(db, namespace).isPresent();
    }

    /** The namespace, in any state, if it exists. */
    public Optional<Namespace> find(TenantDynamoDb db, NamespaceId namespace) {
        return db.get(TenantTable.DATA, db.keys().namespace(namespace)).map(item -> namespaceOf(namespace, item));
    }

    /**
     * Creates the namespace unless it exists.
     *
     * @param maxNamespaces the most namespaces the tenant may hold; creators racing past it take their namespace back
     * @param createOnly    {@code If-None-Match: *}: that it exists already, or is created concurrently, is a 412
     * @return true when this request created it, false when it existed
     * @throws NamespaceBeingDeletedException when it exists but is being deleted
     * @throws NamespaceLimitReachedException when concurrent creations went past the limit
     * @throws PreconditionFailedException    when {@code createOnly} and it exists
     */
    public boolean create(TenantDynamoDb db, RequestAudit audit, NamespaceId namespace, int maxNamespaces,
                          boolean createOnly) {
        TenantKeys.ItemKey key = db.keys().namespace(namespace);
        Optional<Map<String, AttributeValue>> existing = db.get(TenantTable.DATA, key);
        if (existing.isPresent()) {
            return existed(namespace, existing.get(), createOnly);
        }
        String eventId = audit.writeAhead(201);
        try {
            db.put(TenantTable.DATA, key, Map.of(
                    "namespace", AttributeValue.fromS(namespace.value()),
                    STATE, AttributeValue.fromS(ACTIVE),
                    "createdAt", AttributeValue.fromS(clock.instant().truncatedTo(ChronoUnit.MILLIS).toString()),
                    INCARNATION, AttributeValue.fromS(eventId),
                    "auditEventId", AttributeValue.fromS(eventId)),
                    Condition.itemAbsent().orWrittenBy("auditEventId", eventId));
        } catch (ConditionalCheckFailedException createdConcurrently) {
            if (createOnly) {
                throw exists(namespace);
            }
            return false;
        }
        if (count(db) > maxNamespaces) {
            // the limit was checked before; concurrent creators got past it together, so this one steps back
            db.delete(TenantTable.DATA, key, Condition.writtenBy("auditEventId", eventId));
            throw new NamespaceLimitReachedException(maxNamespaces);
        }
        return true;
    }

    private static boolean existed(NamespaceId namespace, Map<String, AttributeValue> item, boolean createOnly) {
        if (isDeleting(item)) {
            throw new NamespaceBeingDeletedException(namespace);
        }
        if (createOnly) {
            throw exists(namespace);
        }
        return false;
    }

    /** Every namespace of the tenant, in name order. */
    public List<NamespaceView> list(TenantDynamoDb db) {
        List<NamespaceView> namespaces = new ArrayList<>();
        forEachNamespaceItem(db, item -> {
            if (!isDeleting(item)) {
                namespaces.add(new NamespaceView(NamespaceId.of(item.get("namespace").s()),
                        Instant.parse(item.get("createdAt").s())));
            }
        });
        return namespaces;
    }

    private static void forEachNamespaceItem(TenantDynamoDb db,
                                             java.util.function.Consumer<Map<String, AttributeValue>> action) {
        String after = null;
        do {
            TenantDynamoDb.Page page = db.query(TenantTable.DATA, db.keys().tenantPartition(),
                    TenantDynamoDb.SortKeyRange.beginsWith(TenantKeys.NAMESPACE_PREFIX), PAGE, after, true,
                    Condition.none());
            page.items().forEach(action);
            after = page.lastSortKey();
        } while (after != null);
    }

    /**
     * The namespace, which must exist and accept writes.
     *
     * @throws NamespaceNotFoundException     when it does not exist
     * @throws NamespaceBeingDeletedException when it is being deleted
     */
    public Namespace requireWritable(TenantDynamoDb db, NamespaceId namespace) {
        Namespace found = requireExists(db, namespace);
        if (found.deleting()) {
            throw new NamespaceBeingDeletedException(namespace);
        }
        return found;
    }

    /**
     * Whether the namespace still exists as {@code written} was, and accepts writes: a writer's check after its
     * write, which sees a delete that began meanwhile (or a namespace deleted and created again); never throws for
     * absence.
     */
    public boolean isStillWritable(TenantDynamoDb db, Namespace written) {
        return find(db, written.name())
                .map(now -> !now.deleting() && now.incarnation().equals(written.incarnation())).orElse(false);
    }

    /**
     * The namespace, which must exist: what reads and deletes of its items check first, so that items of a namespace
     * that no longer exists are never read.
     *
     * @throws NamespaceNotFoundException when it does not exist
     */
    public Namespace requireExists(TenantDynamoDb db, NamespaceId namespace) {
        return find(db, namespace).orElseThrow(() -> new NamespaceNotFoundException(namespace));
    }

    /**
     * Deletes an empty namespace: mark it DELETING, check that it is still empty, remove it. A writer
     * that wrote meanwhile either makes this fail (409) or takes its write back when it sees the mark. Items an
     * earlier namespace of this name left behind do not count: they are never read as this one's.
     *
     * @throws NamespaceNotFoundException  when it does not exist
     * @throws NamespaceNotEmptyException  when it holds records or executions
     */
    public void delete(TenantDynamoDb db, RequestAudit audit, NamespaceId namespace) {
        TenantKeys.ItemKey key = db.keys().namespace(namespace);
        Namespace found = requireExists(db, namespace);
        if (holdsItems(db, found)) {
            throw new NamespaceNotEmptyException(namespace);
        }
        String eventId = audit.writeAhead(204);
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
        if (holdsItems(db, found)) {
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

    /**
     * Whether the namespace holds records or executions of its own; executions are governed decisions and are kept.
     * Pages through its partition, since items an earlier namespace of the name left behind are filtered out.
     */
    private static boolean holdsItems(TenantDynamoDb db, Namespace namespace) {
        for (String prefix : List.of(TenantKeys.RECORD_PREFIX, TenantKeys.EXECUTION_PREFIX)) {
            String after = null;
            do {
                TenantDynamoDb.Page page = db.query(TenantTable.DATA, db.keys().namespacePartition(namespace.name()),
                        TenantDynamoDb.SortKeyRange.beginsWith(prefix), PAGE, after, true, namespace.ownItems());
                if (!page.items().isEmpty()) {
                    return true;
                }
                after = page.lastSortKey();
            } while (after != null);
        }
        return false;
    }

    /** How many namespaces the tenant holds, counted strongly consistent. */
    public int count(TenantDynamoDb db) {
        return db.count(TenantTable.DATA, db.keys().tenantPartition(),
                TenantDynamoDb.SortKeyRange.beginsWith(TenantKeys.NAMESPACE_PREFIX));
    }

    private static Namespace namespaceOf(NamespaceId name, Map<String, AttributeValue> item) {
        AttributeValue incarnation = item.get(INCARNATION);
        return new Namespace(name, incarnation == null ? LEGACY : incarnation.s(), isDeleting(item));
    }

    private static PreconditionFailedException exists(NamespaceId namespace) {
        return new PreconditionFailedException("Namespace '" + namespace + "' exists; If-None-Match: * creates only.");
    }

    private static boolean isDeleting(Map<String, AttributeValue> item) {
        AttributeValue state = item.get(STATE);
        return state != null && DELETING.equals(state.s());
    }
}
