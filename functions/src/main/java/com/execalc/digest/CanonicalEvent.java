package com.execalc.digest;

import com.execalc.access.TenantKeys;
import com.execalc.audit.AuditTrail;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/**
 * The canonical form of an audit event, defined once: what a digest's Merkle root is computed over, by the digester
 * from the stored item and by a verifier from the event as {@code GET /audit} shows it (both through {@link #viewOf},
 * so the two cannot drift apart).
 *
 * <p>It is the {@link CanonicalJson} of an object with exactly the members {@link #fields}, each as the audit API shows
 * it (a member the event lacks is {@code null}): every stored attribute of the event, its TTL ({@code expiresAt},
 * epoch seconds) included, and its audit shard (which partition holds it), so that moving an event to another shard
 * shows too. The item's key is the shard and the event id, both inside.
 */
public final class CanonicalEvent {

    /** The members of the canonical form, every stored attribute of an event. */
    public static List<String> fields() {
        return List.of("eventId", "timestamp", "tenantId", "actor", "actorType",
            "roles", "action", "resource", "decision", "reason", "requestId", "outcome", "details", "expiresAt",
            "shard");
    }

    private CanonicalEvent() {
    }

    /**
     * The event of an audit item as the audit API shows it: the event, details included, plus its TTL and its shard.
     *
     * @throws IllegalArgumentException when the item's partition is not an audit partition
     */
    public static ObjectNode viewOf(Map<String, AttributeValue> item) {
        ObjectNode view = AuditTrail.toJson(AuditTrail.fromItem(item), true);
        AttributeValue expiresAt = item.get(AuditTrail.EXPIRES_AT);
        if (expiresAt != null && expiresAt.n() != null) {
            view.put("expiresAt", Long.parseLong(expiresAt.n()));
        }
        String partition = item.get(TenantKeys.PARTITION_KEY).s();
        view.put("shard", TenantKeys.readAuditPartition(partition)
                .orElseThrow(() -> new IllegalArgumentException("Not an audit partition: " + partition)).shard());
        return view;
    }

    /** The canonical bytes of an event as {@link #viewOf} or the audit API shows it; other members are ignored. */
    public static byte[] bytes(JsonNode view) {
        ObjectNode canonical = JsonNodeFactory.instance.objectNode();
        for (String field : fields()) {
            JsonNode value = view.get(field);
            canonical.set(field, value == null ? JsonNodeFactory.instance.nullNode() : value);
        }
        return CanonicalJson.bytes(canonical);
    }
}
