package com.execalc.local;

import com.execalc.ingress.GatewayResponse;
import com.execalc.tenancy.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local gateway configured as a deployment may be: API Gateway's authorizer result cache (the benchmarks use it,
 * since the deployed API caches decisions), which the control plane flushes when a tenant's standing changes, and the
 * audit stream switched off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewaySettingsTest {

    private LocalCloud stack;
    private ApiClient api;

    @BeforeAll
    void startACachingGatewayWithoutAuditStream() {
        stack = LocalCloud.start(0, new GatewaySettings(Duration.ofMinutes(5), false));
        api = new ApiClient(stack.baseUri());
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    /** How many times the authorizer ran for the tenant: one request line of function {@code authorizer} each. */
    private long authorizations(String tenant) {
        return stack.logs().lines().stream()
                .filter(line -> line.contains("\"Function\":\"authorizer\"") && line.contains("\"type\":\"request\"")
                        && line.contains("\"tenantId\":\"" + tenant + "\""))
                .count();
    }

    @Test
    void aDecision_shouldBeCachedPerAuthorizationHeader_untilItsTtlEnds_asApiGatewaysCacheDoes() {
        String tenant = ApiClient.uniqueTenant("cached");
        api.registerTenant(tenant);
        String token = api.token(tenant, "alice", "admin");

        for (int i = 0; i < 4; i++) {
            assertThat(api.get("/me", token).status()).isEqualTo(200);
        }

        assertThat(authorizations(tenant)).as("authorized once, then answered from the cache").isEqualTo(1);
    }

    /**
     * Fails at 3d7d7cc (issue 12, item 7): a suspended tenant's token whose Allow was cached kept passing for the
     * cache's TTL (300 s deployed); now the suspension flushes the cache and disables the tenant's API key.
     */
    @Test
    void aSuspension_shouldRefuseATokenWhoseAllowWasCached_atOnce() {
        String tenant = ApiClient.uniqueTenant("cached");
        api.registerTenant(tenant);
        String cachedToken = api.token(tenant, "alice", "admin");
        assertThat(api.get("/me", cachedToken).status()).isEqualTo(200);

        ApiClient.Response suspended = api.send("PATCH", "/tenants/" + tenant, api.operatorToken(),
                "{\"status\":\"SUSPENDED\"}", Map.of());

        assertThat(suspended.status()).isEqualTo(200);
        ApiClient.Response refused = api.get("/me", cachedToken);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("FORBIDDEN");
    }

    @Test
    void aReactivation_shouldLetATokenWhoseDenyWasCached_passAtOnce() {
        String tenant = ApiClient.uniqueTenant("cached");
        api.registerTenant(tenant);
        String operator = api.operatorToken();
        String token = api.token(tenant, "alice", "admin");
        api.send("PATCH", "/tenants/" + tenant, operator, "{\"status\":\"SUSPENDED\"}", Map.of());
        assertThat(api.get("/me", token).status()).as("denied, and the Deny cached").isEqualTo(403);

        api.send("PATCH", "/tenants/" + tenant, operator, "{\"status\":\"ACTIVE\"}", Map.of());

        assertThat(api.get("/me", token).status()).isEqualTo(200);
    }

    @Test
    void aSuspendedTenantsDisabledApiKey_shouldRefuseItsCachedAllow_evenBeforeTheCacheIsFlushed() {
        String tenant = ApiClient.uniqueTenant("cached");
        api.registerTenant(tenant);
        String cachedToken = api.token(tenant, "alice", "admin");
        assertThat(api.get("/me", cachedToken).status()).isEqualTo(200);
        String key = stack.adminDynamoDb().getItem(get -> get.tableName(stack.tables().registry())
                .key(Map.of("tenantId", AttributeValue.fromS(tenant)))).item().get("usageKey").s();

        stack.usageKeys().setEnabled(TenantId.of(tenant), key, false); // what a suspension does first

        ApiClient.Response refused = api.get("/me", cachedToken);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().at("/error/message").asText())
                .isEqualTo(GatewayResponse.INVALID_API_KEY.message());
        assertThat(authorizations(tenant)).as("the Allow was still cached").isEqualTo(1);
    }

    @Test
    void aShardCountRaise_shouldReachATokenWhoseContextWasCached_atOnce_withEveryEventStillRead() {
        String tenant = ApiClient.uniqueTenant("cached");
        api.registerTenant(tenant);
        String cachedToken = api.token(tenant, "alice", "admin");
        assertThat(api.get("/me", cachedToken).status()).isEqualTo(200);

        api.send("PATCH", "/tenants/" + tenant, api.operatorToken(), "{\"auditShards\":4}", Map.of());
        for (int i = 0; i < 40; i++) {
            api.get("/me", cachedToken);
        }
        String freshToken = api.token(tenant, "bob", "admin");

        // the cache was flushed: the next authorization carried 4 shards, and events spread over them
        Map<String, List<Map<String, AttributeValue>>> byShard = AuditItems.eventsByShard(stack.adminDynamoDb(),
                stack.tables().audit(), tenant);
        assertThat(byShard.entrySet()).filteredOn(shard -> !shard.getKey().equals(tenant))
                .anySatisfy(shard -> assertThat(shard.getValue())
                        .anyMatch(event -> event.get("actor").s().equals("alice")));
        assertThat(api.get("/audit?actor=alice&limit=100", freshToken).json().get("items")).hasSize(41);
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
