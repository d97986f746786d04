package com.execalc.digest;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The deployed archive: one object per digest in a bucket with Object Lock in compliance mode, named
 * {@link DigestArchive#nameOf} (one prefix per tenant). Each object is created with {@code If-None-Match: *}, so a
 * period's object is written once: a second write (a run that archived a period but stopped before serving it, or two
 * runs at once) is refused by S3 with 412 and the archived object is returned instead, never replaced. The bucket's
 * default retention locks every object from its creation; the digester's role may put and get objects and nothing else
 * (no delete, no retention or legal-hold change), and the bucket policy refuses object writes from any other principal.
 */
public final class S3DigestArchive implements DigestArchive {

    /** S3's answer to a conditional write whose condition failed: the object exists. */
    static final int PRECONDITION_FAILED = 412;
    /** S3's answer to two conditional writes of one key at once: the other one won. */
    static final int CONDITIONAL_CONFLICT = 409;

    private final S3Client s3;
    private final String bucket;
    private final ObjectMapper json = new ObjectMapper();

    public S3DigestArchive(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public Optional<AuditDigest> find(String tenantId, int shard, Instant periodStart) {
        String key = DigestArchive.nameOf(tenantId, shard, periodStart);
        byte[] object;
        try {
            object = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        }
        try {
            return Optional.of(AuditDigest.fromJson(json.readTree(object)));
        } catch (IOException e) {
            throw new UncheckedIOException("The archived digest s3://" + bucket + "/" + key + " is not JSON", e);
        }
    }

    @Override
    public AuditDigest putIfAbsent(AuditDigest digest) {
        String key = DigestArchive.nameOf(digest.tenantId(), digest.shard(), digest.periodStart());
        PutObjectRequest put = PutObjectRequest.builder().bucket(bucket).key(key)
                .ifNoneMatch("*")
                .contentType("application/json")
                // Object Lock buckets require an integrity checksum on every write
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .build();
        try {
            s3.putObject(put, RequestBody.fromBytes((digest.toJson().toString() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            return digest;
        } catch (S3Exception e) {
            if (e.statusCode() != PRECONDITION_FAILED && e.statusCode() != CONDITIONAL_CONFLICT) {
                throw e;
            }
            return find(digest.tenantId(), digest.shard(), digest.periodStart()).orElseThrow(() ->
                    new IllegalStateException("s3://" + bucket + "/" + key + " refused a write as existing, and "
                            + "cannot be read", e));
        }
    }
}
