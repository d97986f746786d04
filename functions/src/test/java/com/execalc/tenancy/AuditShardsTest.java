package com.execalc.tenancy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditShardsTest {

    @Test
    void of_shouldAcceptOneToSixteen() {
        assertThat(AuditShards.of(1).count()).isEqualTo(1);
        assertThat(AuditShards.of(16).count()).isEqualTo(16);
        assertThat(AuditShards.one()).isEqualTo(AuditShards.of(1));
        assertThat(AuditShards.all()).isEqualTo(AuditShards.of(16));
    }

    @Test
    void of_shouldRefuseCountsOutsideOneToSixteen() {
        for (int count : new int[] {0, -1, 17, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> AuditShards.of(count)).as(Integer.toString(count))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void parse_shouldReadBackTheWireValue_ofEveryCount() {
        for (int count = AuditShards.MIN; count <= AuditShards.MAX; count++) {
            AuditShards shards = AuditShards.of(count);

            assertThat(AuditShards.parse(shards.wireValue())).contains(shards);
        }
    }

    @Test
    void parse_shouldAcceptNothingButTheCanonicalDecimalForm() {
        for (String bad : new String[] {null, "", "0", "17", "99", "01", "+1", "-1", " 1", "1 ", "1.0", "0x4", "٤"}) {
            assertThat(AuditShards.parse(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void mayChangeTo_shouldAllowGrowingOrStaying_butNeverShrinking() {
        assertThat(AuditShards.of(4).mayChangeTo(AuditShards.of(8))).isTrue();
        assertThat(AuditShards.of(4).mayChangeTo(AuditShards.of(4))).isTrue();
        assertThat(AuditShards.of(4).mayChangeTo(AuditShards.of(3))).isFalse();
        assertThat(AuditShards.of(16).mayChangeTo(AuditShards.one())).isFalse();
    }
}
