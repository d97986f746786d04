package com.execalc.digest;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The public half of a digest signing key, as {@code GET /audit/signing-key} publishes it: an ECDSA P-256 key, which
 * signs with SHA-256 ({@value #ALGORITHM}, the JDK's name; KMS calls it {@code ECDSA_SHA_256}, with the same DER
 * signatures). Its id is {@code sha256:} and the lower-case hex SHA-256 of its DER SubjectPublicKeyInfo, so that anyone
 * holding the key can check that it is the one a digest names.
 *
 * @param keyId        {@code sha256:<hex>} of the key's DER encoding
 * @param algorithm    {@value #ALGORITHM}
 * @param publicKeyPem the key, PEM ({@code -----BEGIN PUBLIC KEY-----})
 */
public record SigningKey(String keyId, String algorithm, String publicKeyPem) {

    /** The signature algorithm of every digest, by its JDK name. */
    public static final String ALGORITHM = "SHA256withECDSA";

    public SigningKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(publicKeyPem, "publicKeyPem");
        if (!ALGORITHM.equals(algorithm)) {
            throw new IllegalArgumentException("Digests are signed with " + ALGORITHM + ", not " + algorithm);
        }
        if (!keyId.equals(idOf(der(publicKeyPem)))) {
            throw new IllegalArgumentException("The key id " + keyId + " is not the id of the key it comes with");
        }
    }

    /** The published form of a DER SubjectPublicKeyInfo. */
    public static SigningKey ofDer(byte[] subjectPublicKeyInfo) {
        String base64 = Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(subjectPublicKeyInfo);
        return new SigningKey(idOf(subjectPublicKeyInfo), ALGORITHM,
                "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n");
    }

    /** {@code sha256:} and the hex SHA-256 of the DER encoding. */
    public static String idOf(byte[] subjectPublicKeyInfo) {
        return "sha256:" + HexFormat.of().formatHex(MerkleTree.sha256().digest(subjectPublicKeyInfo));
    }

    /** The key, for verifying. */
    public PublicKey publicKey() {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der(publicKeyPem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an EC public key", e);
        }
    }

    /** Whether {@code signature} (DER) is this key's over {@code content}. */
    public boolean verifies(byte[] content, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey());
            verifier.update(content);
            return verifier.verify(signature);
        } catch (java.security.SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK verifies " + ALGORITHM, e);
        }
    }

    private static byte[] der(String pem) {
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a PEM public key", e);
        }
    }

}
