package com.execalc.local;

import com.execalc.controlplane.Tier;
import com.execalc.controlplane.UsageKeys;
import com.execalc.tenancy.TenantId;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local stand-in for API Gateway API keys in usage plans: a random key per tenant, remembered with its tenant, its
 * tier and whether it is enabled. A disabled key is in no usage plan as far as the gateway is concerned, as API Gateway
 * refuses a disabled key.
 */
public final class LocalUsageKeys implements UsageKeys {

    private record Key(TenantId tenant, Tier tier, boolean enabled) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Key> keys = new ConcurrentHashMap<>();

    @Override
    public String issue(TenantId tenant, Tier tier) {
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        String key = HexFormat.of().formatHex(secret);
        keys.put(key, new Key(tenant, tier, true));
        return key;
    }

    /** @throws IllegalStateException when the tenant has no such key, as API Gateway would find none */
    @Override
    public void setEnabled(TenantId tenant, String key, boolean enabled) {
        Key current = keys.get(key);
        if (current == null || !current.tenant().equals(tenant)) {
            throw new IllegalStateException("Tenant " + tenant.value() + " has no API key");
        }
        keys.put(key, new Key(tenant, current.tier(), enabled));
    }

    /** @throws IllegalStateException when the tenant has no such key */
    @Override
    public void changeTier(TenantId tenant, String key, Tier from, Tier to) {
        Key current = keys.get(key);
        if (current == null || !current.tenant().equals(tenant)) {
            throw new IllegalStateException("Tenant " + tenant.value() + " has no API key");
        }
        keys.put(key, new Key(tenant, to, current.enabled()));
    }

    /** Forgets the key: the gateway then refuses it as API Gateway refuses a deleted key. */
    @Override
    public void retire(TenantId tenant, String key, Tier tier) {
        keys.computeIfPresent(key, (value, current) -> current.tenant().equals(tenant) ? null : current);
    }

    /** Whether the gateway knows the key at all, enabled or not. */
    public boolean exists(String key) {
        return key != null && keys.containsKey(key);
    }

    /** The tier whose usage plan holds this key, if it is one and is enabled. */
    public Tier tierOf(String key) {
        Key found = key == null ? null : keys.get(key);
        return found == null || !found.enabled() ? null : found.tier();
    }
}
