package com.execalc.digest;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyRequest;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignRequest;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The KMS signer's own logic, over a stand-in for KMS that signs as KMS documents it: an ECC_NIST_P256 key that, for
 * {@code MessageType=DIGEST}, signs the 32 bytes it is given as they are (the JDK's {@code NONEwithECDSA}, DER).
 */
class KmsDigestSignerTest {

    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final byte[] CONTENT = "{\"tenantId\":\"acme\"}".getBytes(StandardCharsets.UTF_8);

    /** KMS as far as the signer uses it; every request it got is kept. */
    private static final class StandInKms implements KmsClient {
        final KeyPair pair = keyPair();
        final List<Object> requests = new ArrayList<>();
        KeySpec spec = KeySpec.ECC_NIST_P256;
        KeyPair signingPair = pair;

        @Override
        public GetPublicKeyResponse getPublicKey(GetPublicKeyRequest request) {
            requests.add(request);
            return GetPublicKeyResponse.builder().keyId(request.keyId()).keySpec(spec)
                    .keyUsage(KeyUsageType.SIGN_VERIFY).signingAlgorithms(SigningAlgorithmSpec.ECDSA_SHA_256)
                    .publicKey(SdkBytes.fromByteArray(pair.getPublic().getEncoded())).build();
        }

        @Override
        public SignResponse sign(SignRequest request) {
            requests.add(request);
            try {
                Signature ecdsa = Signature.getInstance("NONEwithECDSA");
                ecdsa.initSign(signingPair.getPrivate());
                ecdsa.update(request.message().asByteArray());
                return SignResponse.builder().keyId(request.keyId()).signature(SdkBytes.fromByteArray(ecdsa.sign()))
                        .signingAlgorithm(request.signingAlgorithm()).build();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String serviceName() {
            return "kms";
        }

        @Override
        public void close() {
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSignature_shouldVerifyAsSha256WithEcdsaOverTheContent_withTheKeyKmsPublishes() {
        StandInKms kms = new StandInKms();
        KmsDigestSigner signer = new KmsDigestSigner(kms, KEY_ARN);

        byte[] signature = signer.sign(CONTENT);

        assertThat(signer.key()).isEqualTo(SigningKey.ofDer(kms.pair.getPublic().getEncoded()));
        assertThat(signer.key().verifies(CONTENT, signature)).isTrue();
    }

    @Test
    void kms_shouldBeSentOnlyTheContentsSha256_asADigest_forEcdsaSha256_withTheConfiguredKey() throws Exception {
        StandInKms kms = new StandInKms();

        new KmsDigestSigner(kms, KEY_ARN).sign(CONTENT);

        SignRequest sign = kms.requests.stream().filter(SignRequest.class::isInstance).map(SignRequest.class::cast)
                .findFirst().orElseThrow();
        assertThat(sign.keyId()).isEqualTo(KEY_ARN);
        assertThat(sign.messageType()).isEqualTo(MessageType.DIGEST);
        assertThat(sign.signingAlgorithm()).isEqualTo(SigningAlgorithmSpec.ECDSA_SHA_256);
        assertThat(sign.message().asByteArray())
                .isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(CONTENT));
    }

    @Test
    void thePublicKey_shouldBeFetchedOnce_forEverySignature() {
        StandInKms kms = new StandInKms();
        KmsDigestSigner signer = new KmsDigestSigner(kms, KEY_ARN);

        signer.sign(CONTENT);
        signer.sign(CONTENT);
        signer.key();

        assertThat(kms.requests.stream().filter(GetPublicKeyRequest.class::isInstance)).hasSize(1);
        assertThat(kms.requests.stream().filter(SignRequest.class::isInstance)).hasSize(2);
    }

    @Test
    void aKeyThatIsNotAP256SigningKey_shouldBeRefused_beforeAnythingIsSigned() {
        StandInKms kms = new StandInKms();
        kms.spec = KeySpec.RSA_3072;

        assertThatThrownBy(() -> new KmsDigestSigner(kms, KEY_ARN).sign(CONTENT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("RSA_3072")
                .hasMessageContaining("ECC_NIST_P256");
        assertThat(kms.requests.stream().filter(SignRequest.class::isInstance)).isEmpty();
    }

    @Test
    void aSignatureByAnotherKeyThanThePublishedOne_shouldFailTheSigning() {
        StandInKms kms = new StandInKms();
        kms.signingPair = keyPair();

        assertThatThrownBy(() -> new KmsDigestSigner(kms, KEY_ARN).sign(CONTENT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("signed with a key other than");
    }
}
