package com.execalc.local;

import com.execalc.controlplane.Tier;
import com.execalc.controlplane.UsageKeys;
import com.execalc.tenancy.TenantId;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local stand-in for API Gateway API keys in usage plans: a random key per tenant, remembered with its tenant, its
 * tier and whether it is enabled. A disabled key is in no usage plan as far as the gateway is concerned, as API Gateway
 * refuses a disabled key.
 *
 * <p>API Gateway keeps its keys as long as the deployment, so the keys live in dynalite, in the local-only table
 * {@link LocalTables#API_KEYS} (never a table of the functions), with a cache in front: they last exactly as long as the
 * tenants they belong to, in memory or across restarts with {@code ./execalc up --data-dir}.
 */
public final class LocalUsageKeys implements UsageKeys {

    /** The keys' table's partition key. */
    static final String KEY = "apiKey";

    private record Key(TenantId tenant, Tier tier, boolean enabled) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final DynamoDbClient admin;

    /** @param admin a client of the stack's dynalite, in which {@link LocalTables#create} made the keys' table */
    public LocalUsageKeys(DynamoDbClient admin) {
        this.admin = admin;
    }

    @Override
    public String issue(TenantId tenant, Tier tier) {
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        String key = HexFormat.of().formatHex(secret);
        store(key, new Key(tenant, tier, true));
        return key;
    }

    /** @throws IllegalStateException when the tenant has no such key, as API Gateway would find none */
    @Override
    public void setEnabled(TenantId tenant, String key, boolean enabled) {
        Key current = find(key).orElse(null);
        if (current == null || !current.tenant().equals(tenant)) {
            throw new IllegalStateException("Tenant " + tenant.value() + " has no API key");
        }
        store(key, new Key(tenant, current.tier(), enabled));
    }

    /** The tier whose usage plan holds this key, if it is one and is enabled. */
    public Tier tierOf(String key) {
        Key found = key == null ? null : find(key).orElse(null);
        return found == null || !found.enabled() ? null : found.tier();
    }

    private Optional<Key> find(String key) {
        Key cached = keys.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        // a key issued before a restart of a stack on the same data
        Map<String, AttributeValue> item = admin.getItem(get -> get.tableName(LocalTables.API_KEYS)
                .key(Map.of(KEY, AttributeValue.fromS(key))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Key stored = new Key(TenantId.of(item.get("tenantId").s()),
                Tier.fromWireName(item.get("tier").s()).orElseThrow(), item.get("enabled").bool());
        keys.putIfAbsent(key, stored);
        return Optional.of(stored);
    }

    private void store(String key, Key value) {
        admin.putItem(put -> put.tableName(LocalTables.API_KEYS).item(Map.of(
                KEY, AttributeValue.fromS(key),
                "tenantId", AttributeValue.fromS(value.tenant().value()),
                "tier", AttributeValue.fromS(value.tier().wireName()),
                "enabled", AttributeValue.fromBool(value.enabled()))));
        keys.put(key, value);
    }
}
