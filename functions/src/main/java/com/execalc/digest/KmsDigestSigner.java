package com.execalc.digest;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

import java.util.Objects;

/**
 * The deployed signer: an asymmetric KMS key ({@code ECC_NIST_P256}, {@code SIGN_VERIFY}) whose private half never
 * leaves KMS, and which only the digester's role may sign with (the key policy).
 *
 * <p>It signs the SHA-256 of the content ({@code MessageType=DIGEST}, {@code ECDSA_SHA_256}), which is the same DER
 * signature as {@value SigningKey#ALGORITHM} over the content itself, without KMS's 4 KB limit on raw messages and
 * without sending the digest document to KMS. The public half is fetched with {@code GetPublicKey} once per instance
 * (once per execution environment), checked to be a P-256 signing key, and published in each tenant's trail by the
 * digester. Each signature is verified with it before it is used, so a key that is not the published one (a changed
 * key id, a key rotated under the alias) fails the run instead of archiving digests nobody can verify.
 */
public final class KmsDigestSigner implements DigestSigner {

    private final KmsClient kms;
    private final String keyId;
    private SigningKey key;

    /** @param keyId the key's id, ARN or alias ARN */
    public KmsDigestSigner(KmsClient kms, String keyId) {
        this.kms = Objects.requireNonNull(kms, "kms");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
    }

    @Override
    public synchronized SigningKey key() {
        if (key == null) {
            GetPublicKeyResponse response = kms.getPublicKey(request -> request.keyId(keyId));
            if (response.keySpec() != KeySpec.ECC_NIST_P256 || response.keyUsage() != KeyUsageType.SIGN_VERIFY
                    || !response.signingAlgorithms().contains(SigningAlgorithmSpec.ECDSA_SHA_256)) {
                throw new IllegalStateException("The digest key " + keyId + " is " + response.keySpecAsString() + " "
                        + response.keyUsageAsString() + ", not an ECC_NIST_P256 SIGN_VERIFY key for ECDSA_SHA_256");
            }
            key = SigningKey.ofDer(response.publicKey().asByteArray());
        }
        return key;
    }

    @Override
    public byte[] sign(byte[] content) {
        SigningKey published = key();
        byte[] sha256 = MerkleTree.sha256().digest(content);
        byte[] signature = kms.sign(request -> request.keyId(keyId)
                .message(SdkBytes.fromByteArray(sha256))
                .messageType(MessageType.DIGEST)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature().asByteArray();
        if (!published.verifies(content, signature)) {
            throw new IllegalStateException("KMS key " + keyId + " signed with a key other than " + published.keyId());
        }
        return signature;
    }
}
