package com.execalc.data;

import com.execalc.access.Condition;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantKeys;
import com.execalc.access.TenantTable;
import com.execalc.audit.RequestAudit;
import com.execalc.governance.Permit;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.PreconditionFailedException;
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
import java.util.OptionalLong;

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
     * @param data         the record's JSON object, as text
     * @param auditEventId the audit event that authorized this version
     */
    public record StoredRecord(NamespaceId namespace, RecordId id, long version, Instant createdAt, Instant updatedAt,
                               String data, String auditEventId) {
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
     * @param data    the record's JSON object as text
     * @param ifMatch the version the caller expects, if any
     * @throws NamespaceNotFoundException       when the namespace does not exist
     * @throws NamespaceBeingDeletedException   when it is being deleted
     * @throws PreconditionFailedException         when {@code ifMatch} is not the current version
     * @throws ConcurrentModificationException  when other writers won every retry
     */
    public PutResult put(TenantDynamoDb db, RequestAudit audit, Permit permit, NamespaceId namespace, RecordId id,
                         String data, OptionalLong ifMatch) {
        namespaces.requireWritable(db, namespace);
        TenantKeys.ItemKey key = db.keys().record(namespace, id);
        Optional<StoredRecord> current = db.get(TenantTable.DATA, key).map(Records::fromItem);
        requireMatch(id, current, ifMatch);
        String eventId = audit.writeAhead(permit, current.isEmpty() ? 201 : 200);
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            StoredRecord next = new StoredRecord(namespace, id, current.map(r -> r.version() + 1).orElse(1L),
                    current.map(StoredRecord::createdAt).orElse(now), now, data, eventId);
            try {
                db.put(TenantTable.DATA, key, toItem(next), current.map(r -> atVersion(r.version()))
                        .orElse(Condition.itemAbsent()).orWrittenBy("auditEventId", eventId));
            } catch (ConditionalCheckFailedException lostRace) {
                if (ifMatch.isPresent()) {
                    throw new PreconditionFailedException("Record '" + id + "'", ifMatch.getAsLong());
                }
                Optional<StoredRecord> reread = db.get(TenantTable.DATA, key).map(Records::fromItem);
                if (attempt == MAX_ATTEMPTS || reread.isPresent() != current.isPresent()) {
                    // a create that became an update (or the reverse) would answer other than its audit event says
                    throw new ConcurrentModificationException(id, lostRace);
                }
                current = reread;
                continue;
            }
            if (current.isEmpty() && !namespaces.isWritable(db, namespace)) {
                // the namespace began to be deleted while we created into it: take the record back out
                db.delete(TenantTable.DATA, key, Condition.writtenBy("auditEventId", eventId));
                throw new NamespaceBeingDeletedException(namespace);
            }
            return new PutResult(next, current.isEmpty());
        }
    }

    /** @throws RecordNotFoundException when there is no such record */
    public StoredRecord get(TenantDynamoDb db, NamespaceId namespace, RecordId id) {
        return db.get(TenantTable.DATA, db.keys().record(namespace, id)).map(Records::fromItem)
                .orElseThrow(() -> new RecordNotFoundException(namespace, id));
    }

    /**
     * Deletes a record.
     *
     * @throws RecordNotFoundException  when there is no such record
     * @throws PreconditionFailedException when {@code ifMatch} is not the current version
     */
    public void delete(TenantDynamoDb db, RequestAudit audit, Permit permit, NamespaceId namespace, RecordId id,
                       OptionalLong ifMatch) {
        TenantKeys.ItemKey key = db.keys().record(namespace, id);
        Optional<StoredRecord> current = db.get(TenantTable.DATA, key).map(Records::fromItem);
        if (current.isEmpty()) {
            throw new RecordNotFoundException(namespace, id);
        }
        requireMatch(id, current, ifMatch);
        audit.writeAhead(permit, 204);
        for (int attempt = 1; current.isPresent(); attempt++) {
            try {
                db.delete(TenantTable.DATA, key, atVersion(current.get().version()));
                return;
            } catch (ConditionalCheckFailedException lostRace) {
                if (ifMatch.isPresent()) {
                    throw new PreconditionFailedException("Record '" + id + "'", ifMatch.getAsLong());
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new ConcurrentModificationException(id, lostRace);
                }
                current = db.get(TenantTable.DATA, key).map(Records::fromItem);
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
        namespaces.requireExists(db, namespace);
        TenantDynamoDb.Page page = db.query(TenantTable.DATA, db.keys().namespacePartition(namespace),
                TenantDynamoDb.SortKeyRange.beginsWith(TenantKeys.RECORD_PREFIX), limit, after, true, Condition.none());
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

    private static void requireMatch(RecordId id, Optional<StoredRecord> current, OptionalLong ifMatch) {
        if (ifMatch.isPresent() && current.map(r -> r.version() != ifMatch.getAsLong()).orElse(true)) {
            throw new PreconditionFailedException("Record '" + id + "'", ifMatch.getAsLong());
        }
    }

    private static Condition atVersion(long version) {
        return Condition.of("#version = :version", Map.of("#version", "version"),
                Map.of(":version", AttributeValue.fromN(Long.toString(version))));
    }

    private static Map<String, AttributeValue> toItem(StoredRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
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
