package com.execalc.digest;

/** Signs digests: an asymmetric KMS key deployed, a key under {@code .execalc/} locally. */
public interface DigestSigner {

    /** The public half, as published; its id is what each digest names. */
    SigningKey key();

    /** A {@value SigningKey#ALGORITHM} signature (DER) over {@code content}. */
    byte[] sign(byte[] content);
}
