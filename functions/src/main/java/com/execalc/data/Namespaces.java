package com.execalc.data;

import com.execalc.access.Condition;
import com.execalc.access.StoreUnavailableException;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantKeys;
import com.execalc.access.TenantTable;
import com.execalc.audit.EventIds;
import com.execalc.audit.RequestAudit;
import com.execalc.governance.Permit;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.PreconditionFailedException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The namespaces of the caller's tenant, and the tenant's namespace slots: one item ({@code sk = NAMESPACES}) whose map
 * {@code slots} holds, for every namespace that exists or is being created, the claim that took its slot: the id of
 * the creating request's audit event, written ahead like every mutation's. A create claims a slot with one conditional
 * update on the size of that map, so concurrent creators at the limit take exactly the free slots. The claim becomes
 * the namespace's incarnation, which every record and execution written into it carries, so that what an earlier
 * namespace of the same name left behind is never read as this one's.
 */
public final class Namespaces {

    /**
     * How old a claim must be before a create may free it when its namespace does not exist: longer than any function
     * runs (the tenant API's timeout is 20 s), so that only a claim whose creator died is taken back.
     */
    static final Duration STALE_CLAIM = Duration.ofMinutes(5);
    /** How often a create tries to claim a slot while other requests keep changing the slots. */
    private static final int MAX_CLAIM_ATTEMPTS = 5;
    /** Stale claims one create checks, at most, when the slots are full. */
    private static final int STALE_CHECKS = 10;
    /** The incarnation of a namespace created before incarnations existed; its items carry none. */
    static final String LEGACY = "legacy";

    private static final String STATE = "state";
    private static final String ACTIVE = "ACTIVE";
    private static final String DELETING = "DELETING";
    private static final String INCARNATION = "incarnation";
    private static final String SLOTS = "slots";
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
     * @param incarnation the id of the event of the create that claimed its slot, or {@link #LEGACY} for a namespace
     *                    older than claims
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
     * Creates the namespace unless it exists: writes the event ahead, claims a slot with it, puts the namespace.
     *
     * <p>The event is written before the claim, as before every data write, so a racer that then finds the last slot
     * taken has an ALLOW event with outcome 201 for a create that did not happen (it answers 422). The trail still
     * tells: a create happened if and only if a namespace item (and its slot) carries its event id.
     *
     * @param maxNamespaces the most namespaces the tenant may hold
     * @param createOnly    {@code If-None-Match: *}: that it exists already, or is being created, is a 412
     * @return true when this request created it, false when it existed
     * @throws NamespaceBeingDeletedException  when it exists but is being deleted
     * @throws NamespaceBeingCreatedException  when another request holds its slot and has not created it yet
     * @throws NamespaceLimitReachedException  when every slot is taken (concurrent creators took the last ones)
     * @throws PreconditionFailedException     when {@code createOnly} and it exists or is being created
     */
    public boolean create(TenantDynamoDb db, RequestAudit audit, Permit permit, NamespaceId namespace,
                          int maxNamespaces, boolean createOnly) {
        TenantKeys.ItemKey key = db.keys().namespace(namespace);
        Optional<Map<String, AttributeValue>> existing = db.get(TenantTable.DATA, key);
        if (existing.isPresent()) {
            return existed(namespace, existing.get(), createOnly);
        }
        // the claim of the slot is this request's event: it becomes the namespace's incarnation
        String claim = audit.writeAhead(permit, 201);
        Optional<Map<String, AttributeValue>> createdMeanwhile = claimSlot(db, permit, namespace, claim, maxNamespaces,
                createOnly);
        if (createdMeanwhile.isPresent()) {
            return existed(namespace, createdMeanwhile.get(), createOnly);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            db.put(TenantTable.DATA, key, Map.of(
                    "namespace", AttributeValue.fromS(namespace.value()),
                    STATE, AttributeValue.fromS(ACTIVE),
                    "createdAt", AttributeValue.fromS(now.toString()),
                    INCARNATION, AttributeValue.fromS(claim),
                    "auditEventId", AttributeValue.fromS(claim)),
                    Condition.itemAbsent().orWrittenBy("auditEventId", claim));
        } catch (ConditionalCheckFailedException createdConcurrently) {
            // only the holder of a name's slot creates it, so this needs a creator that outlived STALE_CLAIM: its
            // namespace exists, and the slot is handed to it rather than left to this request's claim
            Map<String, AttributeValue> created = db.get(TenantTable.DATA, key).orElseThrow(() ->
                    new NamespaceBeingCreatedException(namespace));
            handOver(db, permit, namespace, claim, namespaceOf(namespace, created).incarnation());
            return existed(namespace, created, createOnly);
        }
        return true;
    }

    /** Replaces {@code claim} (this request's event) by {@code incarnation} as the holder of the name's slot. */
    private static void handOver(TenantDynamoDb db, Permit permit, NamespaceId namespace, String claim, String incarnation) {
        try {
            db.update(TenantTable.DATA, db.keys().namespaceSlots(),
                    "SET #slots.#name = :incarnation, #writtenBy = :claim",
                    Condition.of("#slots.#name = :claim", Map.of("#slots", SLOTS, "#name", namespace.value(),
                                    "#writtenBy", "auditEventId"),
                            Map.of(":claim", AttributeValue.fromS(claim),
                                    ":incarnation", AttributeValue.fromS(incarnation))));
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            // no longer this claim's slot
        }
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

    /**
     * Takes a slot for the namespace with {@code claim}: a conditional update that holds only while the name has no
     * claim and fewer than {@code maxNamespaces} slots are taken, so that concurrent creators take exactly the free
     * ones. The slots item is made first if the tenant has none (a nested path cannot be set in a missing map).
     *
     * @return the namespace's item when another request created it meanwhile; empty when this request holds the slot
     */
    private Optional<Map<String, AttributeValue>> claimSlot(TenantDynamoDb db, Permit permit, NamespaceId namespace, String claim,
                                                            int maxNamespaces, boolean createOnly) {
        Map<String, String> names = Map.of("#slots", SLOTS, "#name", namespace.value(), "#writtenBy", "auditEventId");
        Map<String, AttributeValue> values = Map.of(":claim", AttributeValue.fromS(claim),
                ":max", AttributeValue.fromN(Integer.toString(maxNamespaces)));
        // the OR lets the SDK's retry of this very update, after a lost response, succeed again
        Condition free = Condition.of("(attribute_not_exists(#slots.#name) AND size(#slots) < :max) "
                + "OR #slots.#name = :claim", names, values);
        slots(db, permit, claim);
        boolean freedStaleClaims = false;
        for (int attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
            try {
                db.update(TenantTable.DATA, db.keys().namespaceSlots(),
                        "SET #slots.#name = :claim, #writtenBy = :claim", free);
                return Optional.empty();
            } catch (ConditionalCheckFailedException taken) {
                // the name is claimed, or every slot is: which one, and by whom, is read below
            }
            Map<String, AttributeValue> slots = slots(db, permit, claim);
            AttributeValue holder = slots.get(namespace.value());
            if (holder != null) {
                Optional<Map<String, AttributeValue>> item = db.get(TenantTable.DATA, db.keys().namespace(namespace));
                if (item.isPresent()) {
                    return item;
                }
                if (!freeIfStale(db, permit, namespace, holder.s(), Optional.empty(), claim)) {
                    if (createOnly) {
                        throw new PreconditionFailedException("Namespace '" + namespace + "' is being created by "
                                + "another request; If-None-Match: * creates only.");
                    }
                    throw new NamespaceBeingCreatedException(namespace);
                }
            } else if (slots.size() >= maxNamespaces) {
                if (freedStaleClaims || freeStaleClaims(db, permit, slots, claim) == 0) {
                    // what a request arriving just after the winners gets from governance: 422 at the limit
                    throw new NamespaceLimitReachedException(maxNamespaces);
                }
                freedStaleClaims = true;
            }
        }
        throw new NamespaceBeingCreatedException(namespace);
    }

    /** Frees the stale claims among {@code slots}, at most {@value #STALE_CHECKS} checked; how many were freed. */
    private int freeStaleClaims(TenantDynamoDb db, Permit permit, Map<String, AttributeValue> slots, String eventId) {
        int freed = 0;
        int checked = 0;
        for (Map.Entry<String, AttributeValue> slot : slots.entrySet()) {
            if (checked == STALE_CHECKS) {
                break;
            }
            if (!isOld(slot.getValue().s())) {
                continue;
            }
            checked++;
            NamespaceId name = NamespaceId.of(slot.getKey());
            if (freeIfStale(db, permit, name, slot.getValue().s(), db.get(TenantTable.DATA, db.keys().namespace(name)),
                    eventId)) {
                freed++;
            }
        }
        return freed;
    }

    /**
     * Frees a claim whose creator died: it is older than {@link #STALE_CLAIM} and no namespace of its incarnation
     * exists (the creator never put it, or a delete removed it and died before freeing the slot).
     *
     * @param item    the namespace's item, if already read; read here when empty
     * @param eventId the event of the request that frees it, which the slots item then carries
     * @return whether the claim was stale (and is now freed, by this request or another)
     */
    private boolean freeIfStale(TenantDynamoDb db, Permit permit, NamespaceId namespace, String claim,
                                Optional<Map<String, AttributeValue>> item, String eventId) {
        if (!isOld(claim)) {
            return false;
        }
        Optional<Map<String, AttributeValue>> current = item.isPresent() ? item
                : db.get(TenantTable.DATA, db.keys().namespace(namespace));
        if (current.isPresent() && namespaceOf(namespace, current.get()).incarnation().equals(claim)) {
            return false;
        }
        release(db, permit, namespace, claim, eventId);
        return true;
    }

    /** Whether a claim was made longer than {@link #STALE_CLAIM} ago; a legacy claim is older than any. */
    private boolean isOld(String claim) {
        return claim.equals(LEGACY)
                || EventIds.timeOf(claim).plus(STALE_CLAIM).isBefore(clock.instant());
    }

    /** Removes the name's slot if {@code claim} still holds it; the slots item then carries {@code eventId}. */
    private static void release(TenantDynamoDb db, Permit permit, NamespaceId namespace, String claim, String eventId) {
        try {
            db.update(TenantTable.DATA, db.keys().namespaceSlots(), "REMOVE #slots.#name SET #writtenBy = :event",
                    Condition.of("#slots.#name = :claim", Map.of("#slots", SLOTS, "#name", namespace.value(),
                                    "#writtenBy", "auditEventId"),
                            Map.of(":claim", AttributeValue.fromS(claim), ":event", AttributeValue.fromS(eventId))));
        } catch (ConditionalCheckFailedException heldByAnother) {
            // freed already, or claimed again since: not this claim's to remove
        }
    }

    /**
     * The tenant's slots, made if it has none: a tenant whose namespaces predate slots gets one per namespace it
     * holds, so that its count is right from the first create. Concurrent makers agree: the first insert wins.
     *
     * @param eventId the event of the request that would make it, which the item then carries like every data item
     */
    private Map<String, AttributeValue> slots(TenantDynamoDb db, Permit permit, String eventId) {
        Optional<Map<String, AttributeValue>> item = db.get(TenantTable.DATA, db.keys().namespaceSlots());
        if (item.isPresent()) {
            return item.get().get(SLOTS).m();
        }
        Map<String, AttributeValue> slots = new HashMap<>();
        forEachNamespaceItem(db, namespace -> slots.put(namespace.get("namespace").s(),
                AttributeValue.fromS(namespaceOf(NamespaceId.of(namespace.get("namespace").s()), namespace)
                        .incarnation())));
        try {
            db.put(TenantTable.DATA, db.keys().namespaceSlots(), Map.of(SLOTS, AttributeValue.fromM(slots),
                    "auditEventId", AttributeValue.fromS(eventId)), Condition.itemAbsent().orWrittenBy("auditEventId",
                    eventId));
            return slots;
        } catch (ConditionalCheckFailedException madeConcurrently) {
            return db.get(TenantTable.DATA, db.keys().namespaceSlots()).orElseThrow().get(SLOTS).m();
        }
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

    /**
     * Up to {@code limit} namespaces of the tenant whose names come after {@code after} (from the first when
     * {@code null}), in name order, those being deleted left out: a listing in pages, e.g. the export's.
     */
    public List<NamespaceView> listAfter(TenantDynamoDb db, NamespaceId after, int limit) {
        List<NamespaceView> namespaces = new ArrayList<>();
        String from = after == null ? null : db.keys().namespace(after).sortKey();
        do {
            TenantDynamoDb.Page page = db.query(TenantTable.DATA, db.keys().tenantPartition(),
                    TenantDynamoDb.SortKeyRange.beginsWith(TenantKeys.NAMESPACE_PREFIX), limit - namespaces.size(),
                    from, true, Condition.none());
            for (Map<String, AttributeValue> item : page.items()) {
                if (!isDeleting(item)) {
                    namespaces.add(new NamespaceView(NamespaceId.of(item.get("namespace").s()),
                            Instant.parse(item.get("createdAt").s())));
                }
            }
            from = page.lastSortKey();
        } while (from != null && namespaces.size() < limit);
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
     * A creating writer's check after its write: if the namespace no longer exists as {@code into} was, or began to
     * be deleted meanwhile, the item the writer's event {@code eventId} just created under {@code key} is taken back
     * out, so that a delete that succeeds leaves nothing behind.
     *
     * @throws NamespaceBeingDeletedException when the item was taken back out
     */
    public void keepOnlyIfStillWritable(TenantDynamoDb db, Permit permit, Namespace into, TenantKeys.ItemKey key, String eventId) {
        boolean stillWritable = find(db, into.name())
                .map(now -> !now.deleting() && now.incarnation().equals(into.incarnation())).orElse(false);
        if (!stillWritable) {
            db.delete(TenantTable.DATA, key, Condition.writtenBy("auditEventId", eventId));
            throw new NamespaceBeingDeletedException(into.name());
        }
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
     * Deletes an empty namespace: mark it DELETING, check that it is still empty, remove it, free its slot. A writer
     * that wrote meanwhile either makes this fail (409) or takes its write back when it sees the mark. Items an
     * earlier namespace of this name left behind do not count: they are never read as this one's.
     *
     * @throws NamespaceNotFoundException  when it does not exist
     * @throws NamespaceNotEmptyException  when it holds records or executions
     */
    public void delete(TenantDynamoDb db, RequestAudit audit, Permit permit, NamespaceId namespace) {
        TenantKeys.ItemKey key = db.keys().namespace(namespace);
        Namespace found = requireExists(db, namespace);
        if (holdsItems(db, found)) {
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
        freeSlotOf(db, permit, found, eventId);
    }

    /**
     * Frees a deleted namespace's slot. The namespace is gone whatever happens here, so a store that fails now only
     * leaves a claim that a later create finds stale and frees.
     */
    private static void freeSlotOf(TenantDynamoDb db, Permit permit, Namespace deleted, String eventId) {
        try {
            Optional<Map<String, AttributeValue>> slots = db.get(TenantTable.DATA, db.keys().namespaceSlots());
            if (slots.isPresent()) { // a tenant without slots has not created a namespace since they exist
                release(db, permit, deleted.name(), deleted.incarnation(), eventId);
            }
        } catch (StoreUnavailableException unavailable) {
            // freed later, as a stale claim
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
