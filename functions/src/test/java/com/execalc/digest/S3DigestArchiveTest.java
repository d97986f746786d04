package com.execalc.digest;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The S3 archive's own logic, over a stand-in for a bucket that keeps objects in memory and honours
 * {@code If-None-Match: *} as S3 does (412 when the key exists).
 */
class S3DigestArchiveTest {

    private static final String BUCKET = "execalc-audit-digests";
    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    /** A bucket as far as the archive uses it. */
    private static final class StandInBucket implements S3Client {
        final Map<String, byte[]> objects = new HashMap<>();
        final List<PutObjectRequest> puts = new ArrayList<>();
        int failWith;

        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            puts.add(request);
            if (failWith != 0) {
                throw (S3Exception) S3Exception.builder().statusCode(failWith).message("refused").build();
            }
            if ("*".equals(request.ifNoneMatch()) && objects.containsKey(request.key())) {
                throw (S3Exception) S3Exception.builder().statusCode(412).message("PreconditionFailed").build();
            }
            try (InputStream in = body.contentStreamProvider().newStream()) {
                objects.put(request.key(), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return PutObjectResponse.builder().build();
        }

        @Override
        public ResponseBytes<GetObjectResponse> getObjectAsBytes(GetObjectRequest request) {
            byte[] object = objects.get(request.key());
            if (object == null) {
                throw NoSuchKeyException.builder().statusCode(404).message("NoSuchKey").build();
            }
            return ResponseBytes.fromByteArray(GetObjectResponse.builder().build(), object);
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }

    private static AuditDigest digest(int count) {
        LocalDigestSigner signer = LocalDigestSigner.ephemeral();
        AuditDigest unsigned = AuditDigest.unsigned("acme", 1, START, START.plusSeconds(3600), count,
                MerkleTree.root(List.of()), null, signer.key().keyId());
        return unsigned.withSignature(signer.sign(unsigned.signedContent()));
    }

    @Test
    void aDigest_shouldBeWrittenOnce_underItsTenantsPrefix_onlyIfAbsent_withAChecksum() {
        StandInBucket bucket = new StandInBucket();
        AuditDigest digest = digest(0);

        AuditDigest archived = new S3DigestArchive(bucket, BUCKET).putIfAbsent(digest);

        assertThat(archived).isEqualTo(digest);
        PutObjectRequest put = bucket.puts.get(0);
        assertThat(put.bucket()).isEqualTo(BUCKET);
        assertThat(put.key()).isEqualTo("acme/shard-1/00" + START.getEpochSecond() + ".json")
                .isEqualTo(DigestArchive.nameOf("acme", 1, START));
        assertThat(put.ifNoneMatch()).isEqualTo("*");
        assertThat(put.checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.SHA256);
    }

    @Test
    void anArchivedDigest_shouldBeFound_asItWasWritten() {
        StandInBucket bucket = new StandInBucket();
        S3DigestArchive archive = new S3DigestArchive(bucket, BUCKET);
        AuditDigest digest = digest(3);
        archive.putIfAbsent(digest);

        assertThat(archive.find("acme", 1, START)).contains(digest);
        assertThat(archive.find("acme", 0, START)).isEmpty();
        assertThat(archive.find("acme", 1, START.plusSeconds(3600))).isEmpty();
    }

    @Test
    void aSecondDigestOfTheSamePeriod_shouldNotReplaceTheArchivedOne_butBeAnsweredWithIt() {
        StandInBucket bucket = new StandInBucket();
        S3DigestArchive archive = new S3DigestArchive(bucket, BUCKET);
        AuditDigest first = digest(1);
        archive.putIfAbsent(first);

        AuditDigest answered = archive.putIfAbsent(digest(2));

        assertThat(answered).isEqualTo(first);
        assertThat(archive.find("acme", 1, START)).contains(first);
    }

    @Test
    void aWriteS3RefusesForAnotherReason_shouldFail_andArchiveNothing() {
        StandInBucket bucket = new StandInBucket();
        bucket.failWith = 403;

        assertThatThrownBy(() -> new S3DigestArchive(bucket, BUCKET).putIfAbsent(digest(0)))
                .isInstanceOf(S3Exception.class);
        assertThat(bucket.objects).isEmpty();
    }
}
