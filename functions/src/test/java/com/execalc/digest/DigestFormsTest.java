package com.execalc.digest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The canonical forms, the Merkle root and the digest document: what a verifier has to reproduce. */
class DigestFormsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void canonicalJson_shouldSortMembers_dropWhitespace_andEscapeOnlyWhatJsonRequires() throws Exception {
        byte[] canonical = CanonicalJson.bytes(json.readTree(
                "{ \"b\": [1, true, null], \"a\": \"\\u00e9\\n\\u0001\\\"\", \"A\": {\"z\": 1, \"y\": 2} }"));

        assertThat(new String(canonical, StandardCharsets.UTF_8))
                .isEqualTo("{\"A\":{\"y\":2,\"z\":1},\"a\":\"\u00e9\\n\\u0001\\\"\",\"b\":[1,true,null]}");
    }

    @Test
    void canonicalJson_shouldRefuseFractions() throws Exception {
        assertThatThrownBy(() -> CanonicalJson.bytes(json.readTree("{\"n\":1.5}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCanonicalEvent_shouldHoldExactlyItsFields_withNullForAMissingOne() throws Exception {
        byte[] canonical = CanonicalEvent.bytes(json.readTree("{\"eventId\":\"E\",\"extra\":1,\"shard\":2}"));

        String text = new String(canonical, StandardCharsets.UTF_8);
        assertThat(text).contains("\"eventId\":\"E\"", "\"shard\":2", "\"expiresAt\":null").doesNotContain("extra");
        assertThat(json.readTree(text).size()).isEqualTo(CanonicalEvent.fields().size());
    }

    @Test
    void theMerkleRoot_shouldFollowRfc6962() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] a = "a".getBytes(StandardCharsets.UTF_8);
        byte[] b = "b".getBytes(StandardCharsets.UTF_8);
        byte[] c = "c".getBytes(StandardCharsets.UTF_8);
        byte[] leafA = sha.digest(concat(new byte[]{0}, a));
        byte[] leafB = sha.digest(concat(new byte[]{0}, b));
        byte[] leafC = sha.digest(concat(new byte[]{0}, c));
        byte[] ab = sha.digest(concat(new byte[]{1}, concat(leafA, leafB)));

        assertThat(MerkleTree.root(List.of())).isEqualTo(sha.digest(new byte[0]));
        assertThat(MerkleTree.root(List.of(a))).isEqualTo(leafA);
        assertThat(MerkleTree.root(List.of(a, b, c))).isEqualTo(sha.digest(concat(new byte[]{1}, concat(ab, leafC))));
        assertThat(MerkleTree.root(List.of(b, a))).isNotEqualTo(MerkleTree.root(List.of(a, b)));
    }

    @Test
    void aSignedDigest_shouldVerify_andReadBackEqual_andChainByItsHash() {
        LocalDigestSigner signer = LocalDigestSigner.ephemeral();
        AuditDigest first = sign(signer, AuditDigest.unsigned("acme", 0, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T01:00:00Z"), 0, MerkleTree.root(List.of()), null, signer.key().keyId()));
        AuditDigest second = sign(signer, AuditDigest.unsigned("acme", 0, first.periodEnd(),
                Instant.parse("2026-01-01T02:00:00Z"), 3, new byte[32], first, signer.key().keyId()));

        assertThat(signer.key().verifies(second.signedContent(), second.signatureBytes())).isTrue();
        assertThat(AuditDigest.fromJson(second.toJson())).isEqualTo(second);
        assertThat(second.previousDigestHash()).isEqualTo(first.hash())
                .isEqualTo(HexFormat.of().formatHex(sha256(CanonicalJson.bytes(first.toJson()))));
    }

    @Test
    void aChangedCount_shouldNoLongerVerify() {
        LocalDigestSigner signer = LocalDigestSigner.ephemeral();
        AuditDigest digest = sign(signer, AuditDigest.unsigned("acme", 1, Instant.EPOCH, Instant.EPOCH.plusSeconds(60),
                5, new byte[32], null, signer.key().keyId()));
        AuditDigest forged = new AuditDigest(1, "acme", 1, digest.periodStart(), digest.periodEnd(), 4,
                digest.merkleRoot(), null, digest.keyId(), digest.signature());

        assertThat(signer.key().verifies(forged.signedContent(), forged.signatureBytes())).isFalse();
    }

    @Test
    void aDocumentWithAnUnknownMember_shouldBeRefused() {
        LocalDigestSigner signer = LocalDigestSigner.ephemeral();
        AuditDigest digest = sign(signer, AuditDigest.unsigned("acme", 0, Instant.EPOCH, Instant.EPOCH.plusSeconds(1),
                0, new byte[32], null, signer.key().keyId()));

        assertThatThrownBy(() -> AuditDigest.fromJson(digest.toJson().put("note", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSigningKey_shouldBeRefused_whenItsIdIsNotItsKeys() {
        SigningKey key = LocalDigestSigner.ephemeral().key();
        SigningKey other = LocalDigestSigner.ephemeral().key();

        assertThatThrownBy(() -> new SigningKey(other.keyId(), key.algorithm(), key.publicKeyPem()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void periods_shouldAlignToTheEpoch_andCloseAfterTheSettlingTime() {
        DigestSchedule hourly = new DigestSchedule(java.time.Duration.ofHours(1), java.time.Duration.ofMinutes(2), 10);

        assertThat(hourly.periodOf(Instant.parse("2026-01-01T10:59:59Z"))).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(hourly.closedUntil(Instant.parse("2026-01-01T11:01:00Z"))).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(hourly.closedUntil(Instant.parse("2026-01-01T11:02:00Z"))).isEqualTo(Instant.parse("2026-01-01T11:00:00Z"));
    }

    private static AuditDigest sign(DigestSigner signer, AuditDigest unsigned) {
        return unsigned.withSignature(signer.sign(unsigned.signedContent()));
    }

    private static byte[] sha256(byte[] bytes) {
        return MerkleTree.sha256().digest(bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
