package com.execalc.digest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The digest of one closed period of one audit shard of one tenant: how many events the shard holds for the period, the
 * Merkle root over their canonical forms in event id order ({@link CanonicalEvent}, {@link MerkleTree}), the hash of
 * the shard's previous digest, and the signature over all of that.
 *
 * <p>What is signed ({@link #signedContent}) is the {@link CanonicalJson} of the document without {@code signature};
 * the hash the next digest chains to ({@link #hash}) is the SHA-256 of the canonical document with it. Periods are
 * {@code [periodStart, periodEnd)}: an event belongs to the period in which its id's time falls.
 *
 * @param version            {@value #VERSION}
 * @param tenantId           whose trail
 * @param shard              which audit shard of it
 * @param periodStart        first instant of the period, inclusive
 * @param periodEnd          end of the period, exclusive; the next digest of the shard starts here
 * @param eventCount         how many events the shard holds in the period (0 for a quiet period: it still gets a digest)
 * @param merkleRoot         lower-case hex SHA-256 root
 * @param previousDigestHash lower-case hex of the previous digest's {@link #hash}, or {@code null} for the shard's first
 * @param keyId              the signing key's id ({@link SigningKey#keyId})
 * @param signature          base64 DER signature over {@link #signedContent}, or {@code null} before signing
 */
public record AuditDigest(int version, String tenantId, int shard, Instant periodStart, Instant periodEnd,
                          long eventCount, String merkleRoot, String previousDigestHash, String keyId,
                          String signature) {

    /** The document format this code writes and reads. */
    public static final int VERSION = 1;

    private static final Pattern HEX256 = Pattern.compile("[0-9a-f]{64}");
    /** The members of the document, {@code signature} last. */
    static List<String> fields() {
        return List.of("version", "tenantId", "shard", "periodStart", "periodEnd", "eventCount",
            "merkleRoot", "previousDigestHash", "keyId", "signatureAlgorithm", "signature");
    }

    public AuditDigest {
        if (version != VERSION) {
            throw new IllegalArgumentException("Unknown digest version " + version);
        }
        Objects.requireNonNull(tenantId, "tenantId");
        if (shard < 0) {
            throw new IllegalArgumentException("A shard is not negative");
        }
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        if (!periodEnd.isAfter(periodStart)) {
            throw new IllegalArgumentException("A period ends after it starts");
        }
        if (eventCount < 0) {
            throw new IllegalArgumentException("An event count is not negative");
        }
        if (merkleRoot == null || !HEX256.matcher(merkleRoot).matches()) {
            throw new IllegalArgumentException("merkleRoot must be 64 lower-case hex digits");
        }
        if (previousDigestHash != null && !HEX256.matcher(previousDigestHash).matches()) {
            throw new IllegalArgumentException("previousDigestHash must be 64 lower-case hex digits or null");
        }
        Objects.requireNonNull(keyId, "keyId");
    }

    /** The digest, not signed yet. */
    public static AuditDigest unsigned(String tenantId, int shard, Instant periodStart, Instant periodEnd,
                                       long eventCount, byte[] merkleRoot, AuditDigest previous, String keyId) {
        return new AuditDigest(VERSION, tenantId, shard, periodStart, periodEnd, eventCount,
                HexFormat.of().formatHex(merkleRoot), previous == null ? null : previous.hash(), keyId, null);
    }

    /** This digest with its signature. */
    public AuditDigest withSignature(byte[] der) {
        return new AuditDigest(version, tenantId, shard, periodStart, periodEnd, eventCount, merkleRoot,
                previousDigestHash, keyId, Base64.getEncoder().encodeToString(der));
    }

    /** The bytes the signature is over: the canonical document without {@code signature}. */
    public byte[] signedContent() {
        ObjectNode content = toJson();
        content.remove("signature");
        return CanonicalJson.bytes(content);
    }

    /** The hash the next digest of the shard chains to: hex SHA-256 of the canonical document, signature included. */
    public String hash() {
        if (signature == null) {
            throw new IllegalStateException("An unsigned digest has no hash to chain to");
        }
        return HexFormat.of().formatHex(MerkleTree.sha256().digest(CanonicalJson.bytes(toJson())));
    }

    /** The signature's DER bytes. */
    public byte[] signatureBytes() {
        if (signature == null) {
            throw new IllegalStateException("The digest is not signed");
        }
        return Base64.getDecoder().decode(signature);
    }

    /** The document as published: in the archive, in the audit partition and by {@code GET /audit/digests}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("version", version)
                .put("tenantId", tenantId)
                .put("shard", shard)
                .put("periodStart", periodStart.toString())
                .put("periodEnd", periodEnd.toString())
                .put("eventCount", eventCount)
                .put("merkleRoot", merkleRoot)
                .put("previousDigestHash", previousDigestHash)
                .put("keyId", keyId)
                .put("signatureAlgorithm", SigningKey.ALGORITHM)
                .put("signature", signature);
        return json;
    }

    /**
     * Reads a published document, strictly: every member present, nothing else, each of its type.
     *
     * @throws IllegalArgumentException when it is not such a document
     */
    public static AuditDigest fromJson(JsonNode json) {
        if (json == null || !json.isObject() || json.size() != fields().size()) {
            throw new IllegalArgumentException("A digest has exactly the members " + fields());
        }
        for (String field : fields()) {
            if (!json.has(field)) {
                throw new IllegalArgumentException("A digest has no " + field);
            }
        }
        if (!SigningKey.ALGORITHM.equals(json.get("signatureAlgorithm").asText())) {
            throw new IllegalArgumentException("Unknown signature algorithm " + json.get("signatureAlgorithm"));
        }
        try {
            return new AuditDigest(integer(json, "version"), text(json, "tenantId"), integer(json, "shard"),
                    Instant.parse(text(json, "periodStart")), Instant.parse(text(json, "periodEnd")),
                    json.get("eventCount").isIntegralNumber() ? json.get("eventCount").longValue() : -1,
                    text(json, "merkleRoot"), nullableText(json, "previousDigestHash"), text(json, "keyId"),
                    nullableText(json, "signature"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("A digest's period is two ISO-8601 instants", e);
        }
    }

    private static int integer(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (!value.isInt()) {
            throw new IllegalArgumentException(field + " must be an integer");
        }
        return value.intValue();
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.textValue();
    }

    private static String nullableText(JsonNode json, String field) {
        return json.get(field).isNull() ? null : text(json, field);
    }
}
