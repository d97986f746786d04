package com.execalc.access;

import com.execalc.audit.EventIds;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.ExecutionContextClosedException;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.RecordId;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantKeysTest {

    private final ExecutionContext context = ExecutionContext.open(
            new TenantContext(TenantId.of("acme"), "alice", Set.of(TenantRole.ADMIN), "req-1"), null, Instant.EPOCH);

    @Test
    void keys_shouldLeadWithTheContextsTenant() {
        TenantKeys keys = TenantKeys.of(context);

        assertThat(keys.namespace(NamespaceId.of("orders")).toKey().get("pk").s()).isEqualTo("acme");
        assertThat(keys.namespace(NamespaceId.of("orders")).sortKey()).isEqualTo("NS#orders");
        assertThat(keys.record(NamespaceId.of("orders"), RecordId.of("r-1")).toKey().get("pk").s())
                .isEqualTo("acme#orders");
        assertThat(keys.record(NamespaceId.of("orders"), RecordId.of("r-1")).sortKey()).isEqualTo("REC#r-1");
        assertThat(keys.auditShard(0).value()).isEqualTo("acme");
        assertThat(keys.namespaceSlots().toKey().get("pk").s()).isEqualTo("acme");
        assertThat(keys.namespaceSlots().sortKey()).as("outside the NS# range that lists namespaces")
                .isEqualTo("NAMESPACES").doesNotStartWith(TenantKeys.NAMESPACE_PREFIX);
    }

    @Test
    void of_shouldRefuse_aClosedContext() {
        context.close();

        assertThatThrownBy(() -> TenantKeys.of(context)).isInstanceOf(ExecutionContextClosedException.class);
    }

    @Test
    void belongsTo_shouldNotConfuseTenantsThatSharePrefixes() {
        TenantId acme = TenantId.of("acme");

        assertThat(TenantKeys.belongsTo("acme", acme)).isTrue();
        assertThat(TenantKeys.belongsTo("acme#orders", acme)).isTrue();
        assertThat(TenantKeys.belongsTo("acme-corp", acme)).isFalse();
        assertThat(TenantKeys.belongsTo("acme-corp#orders", acme)).isFalse();
        assertThat(TenantKeys.belongsTo("acm", acme)).isFalse();
        assertThat(TenantKeys.belongsTo(null, acme)).isFalse();
    }

    // ---- audit shards ----------------------------------------------------------------------------------------------

    private static final String ULID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private static TenantKeys keysWith(int shards) {
        return TenantKeys.of(ExecutionContext.open(new TenantContext(TenantId.of("acme"), "alice",
                Set.of(TenantRole.ADMIN), "req-1", AuditShards.of(shards)), null, Instant.EPOCH));
    }

    /** A ULID from a seeded generator: the same ids on every run, so that the spread below is reproducible. */
    private static String ulid(Random random, String timePart) {
        StringBuilder id = new StringBuilder(timePart);
        for (int i = 0; i < 16; i++) {
            id.append(ULID_ALPHABET.charAt(random.nextInt(32)));
        }
        return id.toString();
    }

    @Test
    void auditShard_shouldBeTheTenantItself_forShard0_andTenantHashAK_forShardK() {
        TenantKeys keys = keysWith(4);

        assertThat(keys.auditPartitions()).extracting(TenantKeys.Partition::value)
                .containsExactly("acme", "acme#a1", "acme#a2", "acme#a3");
        assertThat(keysWith(16).auditShard(15).value()).isEqualTo("acme#a15");
    }

    @Test
    void auditShard_shouldRefuseAShardOutsideTheContextsCount() {
        TenantKeys keys = keysWith(4);

        assertThatThrownBy(() -> keys.auditShard(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.auditShard(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void auditPartitionOf_shouldBeTheOldPartitionTenant_forEveryEvent_withOneShard() {
        TenantKeys keys = TenantKeys.of(context);
        EventIds ids = new EventIds();

        assertThat(keys.auditPartitions()).extracting(TenantKeys.Partition::value).containsExactly("acme");
        for (int i = 0; i < 1000; i++) {
            assertThat(keys.auditPartitionOf(ids.next(Instant.now())).value()).isEqualTo("acme");
        }
    }

    @Test
    void auditPartitionOf_shouldBeDeterministic_andOneOfTheTenantsShards() {
        TenantKeys keys = keysWith(7);
        EventIds ids = new EventIds();

        for (int i = 0; i < 1000; i++) {
            String id = ids.next(Instant.now());
            TenantKeys.Partition partition = keys.auditPartitionOf(id);

            assertThat(keysWith(7).auditPartitionOf(id)).isEqualTo(partition);
            assertThat(keys.auditPartitions()).contains(partition);
        }
    }

    @Test
    void auditPartitionOf_shouldSpreadTenThousandEventIdsEvenly_overAnyShardCount() {
        // chi-square critical values at p = 0.001 for (shards - 1) degrees of freedom
        Map<Integer, Double> critical = Map.of(2, 10.83, 3, 13.82, 4, 16.27, 5, 18.47, 7, 22.46, 16, 37.70);
        Random random = new Random(20261127);
        for (Map.Entry<Integer, Double> shards : critical.entrySet()) {
            TenantKeys keys = keysWith(shards.getKey());
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 10_000; i++) {
                counts.merge(keys.auditPartitionOf(ulid(random, "01KA0000" + ULID_ALPHABET.charAt(i % 32)
                        + ULID_ALPHABET.charAt(i / 32 % 32))).value(), 1, Integer::sum);
            }
            double expected = 10_000.0 / shards.getKey();
            double chiSquare = counts.values().stream().mapToDouble(n -> (n - expected) * (n - expected) / expected)
                    .sum();

            assertThat(counts).as(shards.getKey() + " shards").hasSize(shards.getKey());
            assertThat(chiSquare).as(shards.getKey() + " shards: " + counts).isLessThan(shards.getValue());
        }
    }

    @Test
    void auditPartitionOf_shouldIgnoreTheTimePart_soThatOneMillisecondsEventsSpreadToo() {
        TenantKeys keys = keysWith(16);
        Random random = new Random(7);
        String randomPart = ulid(random, "");

        assertThat(keys.auditPartitionOf("01KA000000" + randomPart))
                .isEqualTo(keys.auditPartitionOf("7ZZZZZZZZZ" + randomPart));
        List<TenantKeys.Partition> sameMillisecond = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> keys.auditPartitionOf(ulid(random, "01KA000000"))).distinct().toList();
        assertThat(sameMillisecond).hasSize(16);
    }

    @Test
    void auditPartitionOf_shouldRefuseWhatIsNotAnEventId() {
        TenantKeys keys = keysWith(4);

        for (String bad : new String[] {null, "", "01SEED", "01KA000000000000000000000", "01KA0000000000000000000000X",
                "01KA00000000000000000000IL", "01ka000000000000000000000z", "#SHIPPED#01KA0000000000000000"}) {
            assertThatThrownBy(() -> keys.auditPartitionOf(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void readAuditPartition_shouldReadBackEveryShardKey_withItsTenant() {
        TenantKeys keys = keysWith(16);

        for (int shard = 0; shard < 16; shard++) {
            assertThat(TenantKeys.readAuditPartition(keys.auditShard(shard).value()))
                    .contains(new TenantKeys.AuditPartitionKey(TenantId.of("acme"), shard));
        }
    }

    @Test
    void readAuditPartition_shouldGuessNothing_forAnyOtherKey() {
        for (String other : new String[] {null, "", "ACME", "ac", "acme#orders", "acme#a0", "acme#a01", "acme#a16",
                "acme#a99", "acme#a", "acme#a1#x", "acme#b1", "acme#A1", "acme#a-1", " acme", "acme#a１"}) {
            assertThat(TenantKeys.readAuditPartition(other)).as(String.valueOf(other)).isEmpty();
        }
    }

    @Test
    void isAuditKeyOf_shouldMatchTheTenantsShards_andNeverAnotherTenantsKeys() {
        TenantId acme = TenantId.of("acme");

        assertThat(TenantKeys.isAuditKeyOf("acme", acme)).isTrue();
        assertThat(TenantKeys.isAuditKeyOf("acme#a3", acme)).isTrue();
        assertThat(TenantKeys.isAuditKeyOf("acme#a15", acme)).isTrue();
        assertThat(TenantKeys.isAuditKeyOf("acme2", acme)).isFalse();
        assertThat(TenantKeys.isAuditKeyOf("acme2#a1", acme)).isFalse();
        assertThat(TenantKeys.isAuditKeyOf("acme-corp#a1", acme)).isFalse();
        assertThat(TenantKeys.isAuditKeyOf("acme#orders", acme)).isFalse();
        assertThat(TenantKeys.isAuditKeyOf("acm", acme)).isFalse();
        assertThat(TenantKeys.isAuditKeyOf(null, acme)).isFalse();
    }
}
