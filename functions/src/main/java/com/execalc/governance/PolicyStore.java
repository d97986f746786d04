package com.execalc.governance;

import com.execalc.access.Condition;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantTable;
import com.execalc.tenancy.PreconditionFailedException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tenant's policy, one versioned item in the tenant's own partition. The item's attributes are one static
 * immutable schema; its key is never part of it: {@link TenantDynamoDb} adds the key it builds from
 * the request's context.
 */
public final class PolicyStore {

    /**
     * The stored policy item without its key.
     *
     * @param policy       the policy document as JSON text
     * @param version      the version this write made
     * @param updatedAt    when, ISO-8601
     * @param auditEventId the audit event of the write
     */
    record PolicyItem(String policy, long version, String updatedAt, String auditEventId) {
    }

    private final TableSchema<PolicyItem> schema = StaticImmutableTableSchema.builder(PolicyItem.class,
                    PolicyItemBuilder.class)
            .newItemBuilder(PolicyItemBuilder::new, PolicyItemBuilder::build)
            .addAttribute(String.class, a -> a.name("policy").getter(PolicyItem::policy).setter((b, v) -> b.policy = v))
            .addAttribute(Long.class, a -> a.name("version").getter(PolicyItem::version)
                    .setter((b, v) -> b.version = v))
            .addAttribute(String.class, a -> a.name("updatedAt").getter(PolicyItem::updatedAt)
                    .setter((b, v) -> b.updatedAt = v))
            .addAttribute(String.class, a -> a.name("auditEventId").getter(PolicyItem::auditEventId)
                    .setter((b, v) -> b.auditEventId = v))
            .build();

    private final PolicyModel model;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public PolicyStore(PolicyModel model, Clock clock) {
        this.model = model;
        this.clock = clock;
    }

    /**
     * A tenant policy and its version (0 before the tenant ever set one).
     *
     * @param policy  the policy
     * @param version its version
     */
    public record Stored(TenantPolicy policy, long version) {
    }

    /** The caller's tenant's policy; {@link TenantPolicy#none()} at version 0 when it never set one. */
    public Stored read(TenantDynamoDb db) {
        Optional<Map<String, AttributeValue>> item = db.get(TenantTable.DATA, db.keys().policy());
        if (item.isEmpty()) {
            return new Stored(TenantPolicy.none(), 0);
        }
        try {
            PolicyItem stored = schema.mapToItem(item.get());
            JsonNode document = json.readTree(stored.policy());
            return new Stored(model.parse((ObjectNode) document), stored.version());
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("The stored policy is unreadable", e);
        }
    }

    /**
     * Replaces the policy if it is still at {@code currentVersion}; only for a request governance allowed.
     *
     * @return the new version
     * @throws PreconditionFailedException when another change came first
     */
    public long replace(TenantDynamoDb db, Permit permit, TenantPolicy policy, long currentVersion,
                        String auditEventId) {
        Objects.requireNonNull(permit, "permit");
        long next = currentVersion + 1;
        Condition unchanged = currentVersion == 0 ? Condition.itemAbsent()
                : Condition.of("#version = :version", Map.of("#version", "version"),
                        Map.of(":version", AttributeValue.fromN(Long.toString(currentVersion))));
        try {
            db.put(TenantTable.DATA, db.keys().policy(), schema.itemToMap(new PolicyItem(
                            model.render(policy).toString(), next, clock.instant().toString(), auditEventId), true),
                    unchanged.orWrittenBy("auditEventId", auditEventId));
            return next;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            throw new PreconditionFailedException("The policy changed meanwhile: it is no longer at version "
                    + currentVersion + ".");
        }
    }

    /** The schema's builder; an item without its policy or version fails in {@link #build()}. */
    private static final class PolicyItemBuilder {
        private String policy;
        private Long version;
        private String updatedAt;
        private String auditEventId;

        PolicyItem build() {
            if (policy == null || version == null) {
                throw new IllegalStateException("The stored policy is unreadable: it has no policy or no version");
            }
            return new PolicyItem(policy, version, updatedAt, auditEventId);
        }
    }
}
