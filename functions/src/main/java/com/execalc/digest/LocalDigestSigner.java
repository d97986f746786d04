package com.execalc.digest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The local stack's signer: an ECDSA P-256 key pair made once with the JDK and kept under {@code .execalc/} (the
 * private key PKCS#8, the public key X.509, both base64), so that digests made by one {@code ./execalc up} still verify
 * after the next. Never used deployed, where the key is KMS's and never leaves it.
 */
public final class LocalDigestSigner implements DigestSigner {

    private static final String PRIVATE = "signing-key.pkcs8";
    private static final String PUBLIC = "signing-key.x509";

    private final PrivateKey privateKey;
    private final SigningKey key;

    private LocalDigestSigner(PrivateKey privateKey, byte[] publicDer) {
        this.privateKey = privateKey;
        this.key = SigningKey.ofDer(publicDer);
    }

    /** The key pair kept in {@code folder}, made there first if there is none. */
    public static LocalDigestSigner inFolder(Path folder) {
        try {
            Files.createDirectories(folder);
            Path privateFile = folder.resolve(PRIVATE);
            Path publicFile = folder.resolve(PUBLIC);
            if (!Files.exists(privateFile)) {
                KeyPair pair = generate();
                try {
                    Files.writeString(publicFile, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
                    Files.writeString(privateFile, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException madeMeanwhile) {
                    // another stack made it first: use theirs
                }
            }
            byte[] privateDer = Base64.getDecoder().decode(Files.readString(privateFile).trim());
            byte[] publicDer = Base64.getDecoder().decode(Files.readString(publicFile).trim());
            KeyFactory factory = KeyFactory.getInstance("EC");
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer));
            factory.generatePublic(new X509EncodedKeySpec(publicDer));
            return new LocalDigestSigner(privateKey, publicDer);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or make the local signing key in " + folder, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The local signing key in " + folder + " is not an EC key pair", e);
        }
    }

    /** A key pair for one run only: tests and benchmarks. */
    public static LocalDigestSigner ephemeral() {
        KeyPair pair = generate();
        return new LocalDigestSigner(pair.getPrivate(), pair.getPublic().getEncoded());
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK makes P-256 keys", e);
        }
    }

    @Override
    public SigningKey key() {
        return key;
    }

    @Override
    public byte[] sign(byte[] content) {
        try {
            Signature signature = Signature.getInstance(SigningKey.ALGORITHM);
            signature.initSign(privateKey);
            signature.update(content);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Signing with the local key failed", e);
        }
    }
}
