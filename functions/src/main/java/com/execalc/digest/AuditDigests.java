package com.execalc.digest;

import com.execalc.access.Condition;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantKeys;
import com.execalc.access.TenantTable;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The served copy of a tenant's digests and of its signing key, in the tenant's own audit partitions, where the audit
 * API reads them with the request's own scoped credentials: each digest in its shard's partition under
 * {@code #DIGEST#<periodStart epoch seconds, 12 digits>}, the public key in the first shard under
 * {@code #SIGNING-KEY#<keyId>}. Both sort before every event id, so event queries never see them, and both are
 * inserted once and never changed (the audit table is insert-only; the shipper reports any change as tampering).
 *
 * <p>The copy is for serving; the archive ({@link DigestArchive}) is the record. Nothing here needs trusting: every
 * digest is signed, each names its predecessor's hash, and a verifier checks both against the published key.
 */
public final class AuditDigests {

    /** Sort key prefix of a digest in its shard's partition. */
    public static final String DIGEST_PREFIX = "#DIGEST#";
    /** Sort key prefix of a published signing key, in the tenant's first audit partition. */
    public static final String SIGNING_KEY_PREFIX = "#SIGNING-KEY#";

    private AuditDigests() {
    }

    /** The sort key of the digest of the period starting at {@code periodStart}. */
    public static String sortKeyOf(Instant periodStart) {
        return DIGEST_PREFIX + String.format("%012d", periodStart.getEpochSecond());
    }

    /** The shard's latest served digest. */
    public static Optional<AuditDigest> latest(TenantDynamoDb db, int shard) {
        TenantDynamoDb.Page page = db.query(TenantTable.AUDIT, db.keys().auditShard(shard),
                TenantDynamoDb.SortKeyRange.beginsWith(DIGEST_PREFIX), 1, null, false, Condition.none());
        ObjectMapper json = new ObjectMapper();
        return page.items().stream().findFirst().map(item -> digestOf(json, item));
    }

    /**
     * Serves a digest the archive holds: inserted once, in its shard's partition. Not a governed request's write: the
     * digester records what it signed, as the shipper records what it shipped.
     *
     * @throws IllegalStateException when the period is served already with another document (someone wrote it)
     */
    public static void recordDigest(TenantDynamoDb db, AuditDigest digest) {
        String document = digest.toJson().toString();
        TenantKeys.ItemKey key = db.keys().auditShard(digest.shard()).item(sortKeyOf(digest.periodStart()));
        try {
            db.put(TenantTable.AUDIT, key, Map.of("document", AttributeValue.fromS(document)), Condition.itemAbsent());
        } catch (ConditionalCheckFailedException servedBefore) {
            Optional<String> served = db.get(TenantTable.AUDIT, key).map(item -> item.get("document").s());
            if (served.isEmpty() || !served.get().equals(document)) {
                throw new IllegalStateException("The served digest of " + digest.tenantId() + " shard "
                        + digest.shard() + " at " + digest.periodStart() + " differs from the archived one",
                        servedBefore);
            }
        }
    }

    /** Publishes the key the tenant's digests are signed with, once per key. */
    public static void publishSigningKey(TenantDynamoDb db, SigningKey key, Instant now) {
        try {
            db.put(TenantTable.AUDIT, db.keys().auditShard(0).item(SIGNING_KEY_PREFIX + key.keyId()), Map.of(
                    "keyId", AttributeValue.fromS(key.keyId()),
                    "algorithm", AttributeValue.fromS(key.algorithm()),
                    "publicKeyPem", AttributeValue.fromS(key.publicKeyPem()),
                    "publishedAt", AttributeValue.fromS(now.toString())), Condition.itemAbsent());
        } catch (ConditionalCheckFailedException publishedBefore) {
            // the key was published by an earlier run
        }
    }

    /** The tenant's newest published signing key. */
    public static Optional<SigningKey> signingKey(TenantDynamoDb db) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        String after = null;
        do {
            TenantDynamoDb.Page page = db.query(TenantTable.AUDIT, db.keys().auditShard(0),
                    TenantDynamoDb.SortKeyRange.beginsWith(SIGNING_KEY_PREFIX), 25, after, true, Condition.none());
            keys.addAll(page.items());
            after = page.lastSortKey();
        } while (after != null);
        return keys.stream().max(Comparator.comparing(item -> item.get("publishedAt").s()))
                .map(item -> new SigningKey(item.get("keyId").s(), item.get("algorithm").s(),
                        item.get("publicKeyPem").s()));
    }

    /**
     * A page of the tenant's served digests with a period start in {@code [from, to]}, in (period, shard) order. Each
     * shard's partition is queried once from {@code from}, for at most {@code limit} digests; the page holds every
     * digest up to the earliest period at which some shard's read stopped short, so nothing before the next page's
     * start is ever skipped.
     *
     * @return the digests, and the period start the next page begins at, or {@code null} when there is nothing more
     */
    public static Page page(TenantDynamoDb db, Instant from, Instant to, int limit) {
        List<TenantKeys.Partition> partitions = db.keys().auditPartitions();
        TenantDynamoDb.SortKeyRange range = TenantDynamoDb.SortKeyRange.between(sortKeyOf(from), sortKeyOf(to));
        ObjectMapper json = new ObjectMapper();
        List<Stored> read = new ArrayList<>();
        Instant bound = null;
        for (int shard = 0; shard < partitions.size(); shard++) {
            TenantDynamoDb.Page page = db.query(TenantTable.AUDIT, partitions.get(shard), range, limit, null, true,
                    Condition.none());
            for (Map<String, AttributeValue> item : page.items()) {
                read.add(new Stored(periodOf(item.get(TenantKeys.SORT_KEY).s()), shard, digestOf(json, item)));
            }
            if (page.lastSortKey() != null) {
                Instant stoppedAt = periodOf(page.lastSortKey());
                bound = bound == null || stoppedAt.isBefore(bound) ? stoppedAt : bound;
            }
        }
        Instant last = bound;
        // in the order they are stored in, not the order their documents claim: a document moved to another period's
        // place shows as out of order instead of being put back
        List<AuditDigest> digests = read.stream()
                .filter(stored -> last == null || !stored.period().isAfter(last))
                .sorted(Comparator.comparing(Stored::period).thenComparingInt(Stored::shard))
                .map(Stored::digest)
                .toList();
        return new Page(digests, last == null ? null : last.plusSeconds(1));
    }

    /** A served digest and where it is stored. */
    private record Stored(Instant period, int shard, AuditDigest digest) {
    }

    private static Instant periodOf(String sortKey) {
        return Instant.ofEpochSecond(Long.parseLong(sortKey.substring(DIGEST_PREFIX.length())));
    }

    /** A page of digests. @param next where the next page starts, or {@code null} */
    public record Page(List<AuditDigest> digests, Instant next) {
        public Page {
            digests = List.copyOf(digests);
        }
    }

    /**
     * The document a served item holds. Read leniently enough to serve what is stored even when it was altered, so
     * that a verifier sees the alteration; only an item that is no digest document at all fails.
     */
    private static AuditDigest digestOf(ObjectMapper json, Map<String, AttributeValue> item) {
        try {
            return AuditDigest.fromJson(json.readTree(item.get("document").s()));
        } catch (IOException e) {
            throw new UncheckedIOException("A served digest is not JSON: " + item.get(TenantKeys.SORT_KEY).s(), e);
        }
    }
}
