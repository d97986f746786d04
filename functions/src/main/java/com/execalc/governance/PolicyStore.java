package com.execalc.governance;

import com.execalc.access.Condition;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantTable;
import com.execalc.tenancy.PreconditionFailedException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The tenant's policy, one versioned item in the tenant's own partition. */
public final class PolicyStore {

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
            JsonNode document = json.readTree(item.get().get("policy").s());
            return new Stored(model.parse((ObjectNode) document), Long.parseLong(item.get().get("version").n()));
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
            db.put(TenantTable.DATA, db.keys().policy(), Map.of(
                    "policy", AttributeValue.fromS(model.render(policy).toString()),
                    "version", AttributeValue.fromN(Long.toString(next)),
                    "updatedAt", AttributeValue.fromS(clock.instant().toString()),
                    "auditEventId", AttributeValue.fromS(auditEventId)),
                    unchanged.orWrittenBy("auditEventId", auditEventId));
            return next;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            throw new PreconditionFailedException("The policy", currentVersion);
        }
    }
}
