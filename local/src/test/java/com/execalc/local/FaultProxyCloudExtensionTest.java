package com.execalc.local;

import com.execalc.tenancy.TenantId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the fault-proxy stack gives a test class: its own stack behind the proxy, and registered tenants. */
@ExtendWith(FaultProxyCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultProxyCloudExtensionTest {

    private final LocalCloud cloud;
    private final FaultProxy proxy;

    FaultProxyCloudExtensionTest(LocalCloud cloud, FaultProxy proxy) {
        this.cloud = cloud;
        this.proxy = proxy;
    }

    @Test
    void theFunctions_shouldReachDynalite_throughTheProxy(RegisteredTenant tenant) {
        proxy.reset();

        ApiClient.Response response = tenant.api().get("/namespaces", tenant.admin());

        assertThat(response.status()).isEqualTo(200);
        assertThat(proxy.attempts()).extracting(FaultProxy.Attempt::table)
                .contains(cloud.tables().registry(), cloud.tables().audit(), cloud.tables().data());
    }

    @Test
    void aTenantParameter_shouldBeRegisteredAndActive_andEachOneANewTenant(RegisteredTenant tenant,
                                                                           RegisteredTenant other, ApiClient api) {
        ApiClient.Response entry = api.get("/tenants/" + tenant.id(), api.operatorToken());

        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(other.id()).isNotEqualTo(tenant.id());
        assertThat(tenant.api().get("/me", tenant.token("bob", "viewer")).json().get("subject").asText())
                .isEqualTo("bob");
    }

    @Test
    void theAuditStreamStandIn_shouldBeOff_soThatNoBackgroundCallPassesTheProxy(RegisteredTenant tenant)
            throws Exception {
        assertThat(tenant.api().send("PUT", "/namespaces/orders", tenant.admin(), null, Map.of()).status())
                .isEqualTo(201);

        cloud.awaitAuditShipped();

        // the log group exists (the control plane made it) but nothing was shipped into it
        assertThat(Files.readString(cloud.tenantLogs().fileOf(TenantId.of(tenant.id())))).isEmpty();
    }

    @Nested
    class ANestedClass {

        @Test
        void shouldShareTheOuterClassesStackAndProxy(LocalCloud nestedCloud, FaultProxy nestedProxy) {
            assertThat(nestedCloud).isSameAs(cloud);
            assertThat(nestedProxy).isSameAs(proxy);
        }
    }
}
