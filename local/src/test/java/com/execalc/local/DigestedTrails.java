package com.execalc.local;

import com.execalc.controlplane.TenantRecord;
import com.execalc.controlplane.TenantRegistry;
import com.execalc.digest.AuditDigester;
import com.execalc.digest.DigestSchedule;
import com.execalc.digest.DigestSigner;
import com.execalc.digest.DigestedTenants;
import com.execalc.digest.LocalDigestArchive;
import com.execalc.tenancy.TenantId;
import com.execalc.wiring.AwsClients;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants of four audit shards with requests over several periods of one second, and the digester run over exactly
 * them (the shared stack holds every test class's tenants, whose trails are not these tests' business).
 */
final class DigestedTrails {

    /** The period the tests digest over. */
    static final Duration PERIOD = Duration.ofSeconds(1);

    private final LocalCloud stack;
    private final ApiClient api;
    private final AwsClients clients;
    private final DigestSigner signer;
    private final Path archive;

    DigestedTrails(LocalCloud stack, ApiClient api, DigestSigner signer, Path archive) {
        this.stack = stack;
        this.api = api;
        this.clients = AwsClients.of(stack.functionConfiguration());
        this.signer = signer;
        this.archive = archive;
    }

    /** A new premium tenant; {@code rounds} times six record puts, each round in a period of its own. */
    String tenantWithRequests(String prefix, int rounds) throws InterruptedException {
        String tenant = ApiClient.uniqueTenant(prefix);
        ApiClient.Response registered = api.send("POST", "/tenants", api.operatorToken(), api.write(Map.of(
                "tenantId", tenant, "displayName", "Tenant " + tenant, "tier", "premium")), Map.of());
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        String admin = api.token(tenant, "alice", "admin");
        assertThat(api.send("PUT", "/namespaces/orders", admin, null, Map.of()).status()).isEqualTo(201);
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < 6; i++) {
                ApiClient.Response put = api.send("PUT", "/namespaces/orders/records/r" + round + "-" + i, admin,
                        "{\"n\":" + i + "}", Map.of());
                assertThat(put.status()).as(put.body()).isEqualTo(201);
            }
            Thread.sleep(PERIOD.toMillis() + 100);
        }
        if (rounds == 0) {
            Thread.sleep(PERIOD.toMillis() + 100);
        }
        return tenant;
    }

    TenantRegistry registry() {
        return new TenantRegistry(clients.platformDynamoDb(), stack.tables().registry());
    }

    /** Digests every closed period of the tenant, from its registration on; fails on any failure. */
    AuditDigester.Run digest(String tenant) {
        TenantRecord record = registry().find(TenantId.of(tenant)).orElseThrow();
        DigestedTenants only = cursor -> new DigestedTenants.Page(List.of(new DigestedTenants.Tenant(
                record.tenantId(), record.auditShards(), record.createdAt().minusSeconds(10))), null);
        AuditDigester.Run run = new AuditDigester(clients.tenantAccess(), only, signer, new LocalDigestArchive(archive),
                new DigestSchedule(PERIOD, Duration.ZERO, 10_000), Clock.systemUTC()).run("test-" + tenant);
        assertThat(run.failures()).isEmpty();
        return run;
    }
}
