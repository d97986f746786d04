package com.execalc.local;

import com.execalc.tenancy.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local gateway configured as a deployment may be: API Gateway's authorizer result cache (the benchmarks use it,
 * since the deployed API caches decisions) and the audit stream switched off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewaySettingsTest {

    private LocalStack stack;
    private ApiClient api;

    @BeforeAll
    void startACachingGatewayWithoutAuditStream() {
        stack = LocalStack.start(0, new GatewaySettings(Duration.ofMinutes(5), false));
        api = new ApiClient(stack.baseUri());
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    @Test
    void aCachedAllow_shouldOutliveASuspension_untilItsTtlEnds_asApiGatewaysCacheDoes() {
        String tenant = ApiClient.uniqueTenant("cached");
        api.registerTenant(tenant);
        String cachedToken = api.token(tenant, "alice", "admin");
        String freshToken = api.token(tenant, "bob", "admin");
        assertThat(api.get("/me", cachedToken).status()).isEqualTo(200);

        api.send("PATCH", "/tenants/" + tenant, api.operatorToken(), "{\"status\":\"SUSPENDED\"}", Map.of());

        assertThat(api.get("/me", cachedToken).status()).as("decision cached for this Authorization header")
                .isEqualTo(200);
        assertThat(api.get("/me", freshToken).status()).as("a token the cache has not seen").isEqualTo(403);
    }

    @Test
    void aCachedContextWithTheOldShardCount_shouldStillAuditWhereTheRaisedCountReads() {
        String tenant = ApiClient.uniqueTenant("cached");
        api.registerTenant(tenant);
        String cachedToken = api.token(tenant, "alice", "admin");
        assertThat(api.get("/me", cachedToken).status()).isEqualTo(200);

        api.send("PATCH", "/tenants/" + tenant, api.operatorToken(), "{\"auditShards\":4}", Map.of());
        for (int i = 0; i < 20; i++) {
            api.get("/me", cachedToken);
        }
        String freshToken = api.token(tenant, "bob", "admin");

        // the cached context still says one shard: its events go to shard 0, which every larger count reads
        assertThat(AuditItems.eventsByShard(stack.adminDynamoDb(), stack.tables().audit(), tenant).get(tenant))
                .filteredOn(event -> event.get("actor").s().equals("alice")).hasSize(21);
        assertThat(api.get("/audit?actor=alice&limit=100", freshToken).json().get("items")).hasSize(21);
    }

    @Test
    void aCachedDecision_shouldStillCarryItsOwnTenant_only() {
        String acme = ApiClient.uniqueTenant("acme");
        String globex = ApiClient.uniqueTenant("globex");
        api.registerTenant(acme);
        api.registerTenant(globex);
        String acmeToken = api.token(acme, "alice", "admin");
        String globexToken = api.token(globex, "alice", "admin");
        api.get("/me", acmeToken);
        api.get("/me", globexToken);

        assertThat(api.get("/me", acmeToken).json().get("tenantId").asText()).isEqualTo(acme);
        assertThat(api.get("/me", globexToken).json().get("tenantId").asText()).isEqualTo(globex);
    }

    @Test
    void withTheAuditStreamOff_shouldShipNothing_whileTheAuditTableStillHoldsEveryEvent() throws Exception {
        String tenant = ApiClient.uniqueTenant("nostream");
        api.registerTenant(tenant);
        String token = api.token(tenant, "alice", "admin");

        assertThat(api.get("/me", token).status()).isEqualTo(200);
        stack.awaitAuditShipped();

        assertThat(Files.exists(stack.tenantLogs().fileOf(TenantId.of(tenant)))
                && Files.size(stack.tenantLogs().fileOf(TenantId.of(tenant))) > 0).isFalse();
        assertThat(AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), tenant)).isNotEmpty();
    }

    @Test
    void aNegativeCacheTtl_shouldBeRefused() {
        assertThatThrownBy(() -> new GatewaySettings(Duration.ofSeconds(-1), true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
