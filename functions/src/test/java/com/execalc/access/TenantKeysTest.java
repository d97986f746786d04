package com.execalc.access;

import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.ExecutionContextClosedException;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.RecordId;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import org.junit.jupiter.api.Test;

import java.time.Instant;
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
        assertThat(keys.auditPartition().value()).isEqualTo("acme");
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
}
