package com.execalc.data;

import com.execalc.access.Condition;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantKeys;
import com.execalc.access.TenantTable;
import com.execalc.audit.RequestAudit;
import com.execalc.governance.Permit;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.PreconditionFailedException;
import com.execalc.tenancy.Preconditions;
import com.execalc.tenancy.RecordId;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON records of the caller's tenant, one current version per record. */
public final class Records {

    /** How often a write without {@code If-Match} re-reads and retries when another writer got in between. */
    static final int MAX_ATTEMPTS = 3;

    private final Namespaces namespaces;
    private final Clock clock;

    public Records(Namespaces namespaces, Clock clock) {
        this.namespaces = namespaces;
        this.clock = clock;
    }

    /**
     * The current version of a record.
     *
     * @param data         the record's JSON object, the text exactly as the client sent it
     * @param auditEventId the audit event that authorized this version
     */
    public record StoredRecord(NamespaceId namespace, RecordId id, long version, Instant createdAt, Instant updatedAt,
                               String data, String auditEventId) {

        /**
         * This version's entity tag, without quotes: the id of the audit event that wrote it, unique per write. The
         * version number is not: it restarts at 1 when a record is deleted and created again.
         */
        public String entityTag() {
            return auditEventId;
        }
    }

    /** A written record, and whether the write created it. */
    public record PutResult(StoredRecord record, boolean created) {
    }

    /** One page of a listing; {@code lastSortKey} is where the next page starts, or null at the end. */
    public record Page(List<StoredRecord> records, String lastSortKey) {
    }

    /**
     * Creates or replaces a record.
     *
     * @param data          the record's JSON object, the text as the client sent it (validated, never rewritten)
     * @param preconditions what the caller asks of the current version, compared by entity tag
     * @throws NamespaceNotFoundException       when the namespace does not exist
     * @throws NamespaceBeingDeletedException   when it is being deleted
     * @throws PreconditionFailedException      when the preconditions do not hold, before the write or because
     *                                          another writer got in between
     * @throws ConcurrentModificationException  when other writers won every retry
     */
    public PutResult put(TenantDynamoDb db, RequestAudit audit, Permit permit, NamespaceId namespace, RecordId id,
                         String data, Preconditions preconditions) {
        Namespaces.Namespace into = namespaces.requireWritable(db, namespace);
        TenantKeys.ItemKey key = db.keys().record(namespace, id);
        Optional<StoredRecord> current = read(db, into, key);
        requireMatch(id, current, preconditions);
        String eventId = audit.writeAhead(permit, current.isEmpty() ? 201 : 200);
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            StoredRecord next = new StoredRecord(namespace, id, current.map(r -> r.version() + 1).orElse(1L),
                    current.map(StoredRecord::createdAt).orElse(now), now, data, eventId);
            try {
                db.put(TenantTable.DATA, key, toItem(next, into), current.map(Records::stillAt)
                        .orElse(into.absentOrLeftBehind()).orWrittenBy("auditEventId", eventId));
            } catch (ConditionalCheckFailedException lostRace) {
                if (preconditions.isConditional()) {
                    // what the caller's precondition held for has changed: retrying would write over someone else
                    throw preconditionFailed(id, preconditions);
                }
                Optional<StoredRecord> reread = read(db, into, key);
                if (attempt == MAX_ATTEMPTS || reread.isPresent() != current.isPresent()) {
                    // a create that became an update (or the reverse) would answer other than its audit event says
                    throw new ConcurrentModificationException(id, lostRace);
                }
                current = reread;
                continue;
            }
            if (current.isEmpty()) {
                // a delete of the namespace may have begun while we created into it
                namespaces.keepOnlyIfStillWritable(db, permit, into, key, eventId);
            }
            return new PutResult(next, current.isEmpty());
        }
    }

    /**
     * @throws NamespaceNotFoundException when the namespace does not exist: what it left behind is never read
     * @throws RecordNotFoundException    when there is no such record in it
     */
    public StoredRecord get(TenantDynamoDb db, NamespaceId namespace, RecordId id) {
        Namespaces.Namespace in = namespaces.requireExists(db, namespace);
        return read(db, in, db.keys().record(namespace, id))
                .orElseThrow(() -> new RecordNotFoundException(namespace, id));
    }

    /** The record under {@code key} if the namespace holds it: one an earlier namespace of the name left is absent. */
    private static Optional<StoredRecord> read(TenantDynamoDb db, Namespaces.Namespace in, TenantKeys.ItemKey key) {
        return db.get(TenantTable.DATA, key).filter(in::owns).map(Records::fromItem);
    }

    /**
     * Deletes a record.
     *
     * @throws NamespaceNotFoundException  when the namespace does not exist
     * @throws RecordNotFoundException     when there is no such record (before any precondition is evaluated)
     * @throws PreconditionFailedException when the preconditions do not hold for the current version
     */
    public void delete(TenantDynamoDb db, RequestAudit audit, Permit permit, NamespaceId namespace, RecordId id,
                       Preconditions preconditions) {
        Namespaces.Namespace in = namespaces.requireExists(db, namespace);
        TenantKeys.ItemKey key = db.keys().record(namespace, id);
        Optional<StoredRecord> current = read(db, in, key);
        if (current.isEmpty()) {
            throw new RecordNotFoundException(namespace, id);
        }
        requireMatch(id, current, preconditions);
        audit.writeAhead(permit, 204);
        for (int attempt = 1; current.isPresent(); attempt++) {
            try {
                db.delete(TenantTable.DATA, key, stillAt(current.get()));
                return;
            } catch (ConditionalCheckFailedException lostRace) {
                if (preconditions.isConditional()) {
                    throw preconditionFailed(id, preconditions);
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new ConcurrentModificationException(id, lostRace);
                }
                current = read(db, in, key);
            }
        }
        // deleted concurrently by another request: the record is gone either way
    }

    /**
     * A page of the namespace's records in id order.
     *
     * @param after the sort key to continue after (from a cursor), or {@code null} for the first page
     * @throws NamespaceNotFoundException when the namespace does not exist
     */
    public Page list(TenantDynamoDb db, NamespaceId namespace, int limit, String after) {
        Namespaces.Namespace in = namespaces.requireExists(db, namespace);
        // DynamoDB filters within the page, so one that held items an earlier namespace left behind may come back
        // shorter than the limit, with a cursor to the rest
        TenantDynamoDb.Page page = db.query(TenantTable.DATA, db.keys().namespacePartition(namespace),
                TenantDynamoDb.SortKeyRange.beginsWith(TenantKeys.RECORD_PREFIX), limit, after, true, in.ownItems());
        return new Page(page.items().stream().map(Records::fromItem).toList(), page.lastSortKey());
    }

    /** The listing name that cursors of this namespace's records are bound to. */
    public static String listingOf(NamespaceId namespace) {
        return "records:" + namespace.value();
    }

    /** Whether a cursor's sort key can belong to a record listing. */
    public static boolean isRecordSortKey(String sortKey) {
        return sortKey.startsWith(TenantKeys.RECORD_PREFIX);
    }

    private static void requireMatch(RecordId id, Optional<StoredRecord> current, Preconditions preconditions) {
        if (!preconditions.holdsFor(current.map(StoredRecord::entityTag))) {
            throw preconditionFailed(id, preconditions);
        }
    }

    private static PreconditionFailedException preconditionFailed(RecordId id, Preconditions preconditions) {
        return new PreconditionFailedException(preconditions.createOnly()
                ? "Record '" + id + "' exists; If-None-Match: * creates only."
                : "Record '" + id + "' is not at a version If-Match names.");
    }

    /**
     * The item is still the version that was read: compared by the event that wrote it, unique per write, never by
     * the version number, which a delete and a new create would bring back to the same value.
     */
    private static Condition stillAt(StoredRecord read) {
        return Condition.of("#etag = :etag", Map.of("#etag", "auditEventId"),
                Map.of(":etag", AttributeValue.fromS(read.auditEventId())));
    }

    private static Map<String, AttributeValue> toItem(StoredRecord record, Namespaces.Namespace into) {
        Map<String, AttributeValue> item = new HashMap<>();
        into.stamp(item);
        item.put("namespace", AttributeValue.fromS(record.namespace().value()));
        item.put("id", AttributeValue.fromS(record.id().value()));
        item.put("version", AttributeValue.fromN(Long.toString(record.version())));
        item.put("createdAt", AttributeValue.fromS(record.createdAt().toString()));
        item.put("updatedAt", AttributeValue.fromS(record.updatedAt().toString()));
        item.put("data", AttributeValue.fromS(record.data()));
        item.put("auditEventId", AttributeValue.fromS(record.auditEventId()));
        return item;
    }

    private static StoredRecord fromItem(Map<String, AttributeValue> item) {
        return new StoredRecord(NamespaceId.of(item.get("namespace").s()), RecordId.of(item.get("id").s()),
                Long.parseLong(item.get("version").n()), Instant.parse(item.get("createdAt").s()),
                Instant.parse(item.get("updatedAt").s()), item.get("data").s(), item.get("auditEventId").s());
    }
}
