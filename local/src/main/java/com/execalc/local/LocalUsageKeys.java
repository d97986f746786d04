package com.execalc.local;

import com.execalc.controlplane.Tier;
import com.execalc.controlplane.UsageKeys;
import com.execalc.tenancy.TenantId;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The local stand-in for API Gateway API keys in usage plans: a random key per tenant, remembered with its tier. */
public final class LocalUsageKeys implements UsageKeys {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Tier> tiers = new ConcurrentHashMap<>();

    @Override
    public String issue(TenantId tenant, Tier tier) {
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        String key = HexFormat.of().formatHex(secret);
        tiers.put(key, tier);
        return key;
    }

    /** The tier whose usage plan holds this key, if it is one. */
    public Tier tierOf(String key) {
        return key == null ? null : tiers.get(key);
    }
}
