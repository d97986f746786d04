package com.execalc.ingress;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kind of a Cognito token, from its {@code token_use} claim. The two differ in what they carry: an ID token holds
 * the user's attributes ({@code custom:tenant_id}) and names the app client in {@code aud}; an access token holds
 * custom claims only when a pre-token-generation trigger adds them, and names the app client in {@code client_id}.
 */
public enum TokenUse {
    /** {@code token_use: id}: the app client in {@code aud}. */
    ID,
    /** {@code token_use: access}: the app client in {@code client_id}, no {@code aud}. */
    ACCESS;

    /** The claim's value: {@code id} or {@code access}. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind a {@code token_use} value names, if it is one. */
    public static Optional<TokenUse> fromClaimValue(Object value) {
        return Arrays.stream(values()).filter(use -> use.claimValue().equals(value)).findFirst();
    }
}
