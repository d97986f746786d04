package com.execalc.digest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The Merkle tree hash of RFC 6962 (section 2.1) with SHA-256: a leaf is {@code SHA-256(0x00 || data)}, an inner node
 * {@code SHA-256(0x01 || left || right)}, a list of n &gt; 1 entries is split after the largest power of two below n,
 * and the empty list hashes to {@code SHA-256()} of nothing. The prefixes keep a leaf from ever passing for a node, so
 * no other list of events has the same root.
 */
public final class MerkleTree {

    private MerkleTree() {
    }

    /** The root over {@code leaves}, in their order. */
    public static byte[] root(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return sha256().digest();
        }
        return subtree(leaves, 0, leaves.size());
    }

    private static byte[] subtree(List<byte[]> leaves, int from, int to) {
        int size = to - from;
        if (size == 1) {
            MessageDigest leaf = sha256();
            leaf.update((byte) 0x00);
            return leaf.digest(leaves.get(from));
        }
        int split = Integer.highestOneBit(size - 1);
        byte[] left = subtree(leaves, from, from + split);
        byte[] right = subtree(leaves, from + split, to);
        MessageDigest node = sha256();
        node.update((byte) 0x01);
        node.update(left);
        return node.digest(right);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
