package com.execalc.digest;

import java.time.Instant;
import java.util.Optional;

/**
 * Where digests are kept for good, out of reach of tenant sessions and of the functions' own changes: an S3 bucket with
 * Object Lock in compliance mode deployed (one prefix per tenant), files under {@code .execalc/audit-digests/<tenant>/}
 * locally. Write-once: a digest is never rewritten.
 */
public interface DigestArchive {

    /** The digest of the period starting at {@code periodStart}, if one was archived. */
    Optional<AuditDigest> find(String tenantId, int shard, Instant periodStart);

    /**
     * Archives a digest unless the period has one already.
     *
     * @return the digest the archive holds for the period: {@code digest}, or the one archived before it
     */
    AuditDigest putIfAbsent(AuditDigest digest);

    /** The object name of a digest: {@code <tenant>/shard-<k>/<periodStart epoch seconds, 12 digits>.json}. */
    static String nameOf(String tenantId, int shard, Instant periodStart) {
        return tenantId + "/shard-" + shard + "/" + String.format("%012d", periodStart.getEpochSecond()) + ".json";
    }
}
