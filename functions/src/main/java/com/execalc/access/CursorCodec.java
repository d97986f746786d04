package com.execalc.access;

import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.TenantId;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Opaque pagination cursors, bound to one tenant and one listing (a namespace's records, the audit trail) and sealed
 * with HMAC-SHA256, so a cursor from another tenant or listing, or a tampered one, is refused (400) before any query.
 */
public final class CursorCodec {

    private static final int MAX_CURSOR_LENGTH = 1024;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** @param secret at least 32 bytes, the same for every function instance of a deployment */
    public CursorCodec(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("The cursor secret must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** A cursor that continues {@code listing} of {@code tenant} after {@code lastSortKey}. */
    public String encode(TenantId tenant, String listing, String lastSortKey) {
        byte[] payload = (tenant.value() + "\n" + listing + "\n" + lastSortKey).getBytes(StandardCharsets.UTF_8);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(payload) + "." + base64.encodeToString(mac(payload));
    }

    /**
     * The sort key to continue after.
     *
     * @throws InvalidCursorException when the cursor is malformed, tampered, or was issued for another tenant or
     *                                listing
     */
    public String decode(String cursor, TenantId tenant, String listing) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_CURSOR_LENGTH) {
            throw new InvalidCursorException();
        }
        int dot = cursor.indexOf('.');
        byte[] payload;
        byte[] seal;
        try {
            payload = Base64.getUrlDecoder().decode(cursor.substring(0, Math.max(dot, 0)));
            seal = Base64.getUrlDecoder().decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new InvalidCursorException();
        }
        if (dot <= 0 || !MessageDigest.isEqual(seal, mac(payload))) {
            throw new InvalidCursorException();
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length != 3 || !parts[0].equals(tenant.value()) || !parts[1].equals(listing) || parts[2].isEmpty()) {
            throw new InvalidCursorException();
        }
        if (!cursor.equals(encode(tenant, listing, parts[2]))) {
            // base64 decoders ignore a last character's unused bits; only the canonical spelling is accepted
            throw new InvalidCursorException();
        }
        return parts[2];
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Thrown for a cursor that this tenant and listing did not get from this API (400). */
    public static final class InvalidCursorException extends InvalidInputException {
        public InvalidCursorException() {
            super("The cursor is not valid for this listing.");
        }
    }
}
