package com.execalc.local;

import com.execalc.controlplane.TenantRecord;
import com.execalc.controlplane.TenantRegistry;
import com.execalc.digest.LocalDigestSigner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /audit/digests} and {@code GET /audit/signing-key} through the local gateway, every answer validated
 * against openapi.yaml: governed like {@code /audit}, paged without gaps, and each tenant's own only.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditDigestApiTest {

    private final LocalCloud stack;
    private final ApiClient api;
    private final LocalDigestSigner signer = LocalDigestSigner.ephemeral();
    private final DigestedTrails trails;

    AuditDigestApiTest(LocalCloud stack, OpenApiContract contract) throws java.io.IOException {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri(), contract);
        this.trails = new DigestedTrails(stack, api, signer, Files.createTempDirectory("execalc-digests"));
    }

    private TenantRegistry registry() {
        return trails.registry();
    }

    /** A tenant of four shards with a few requests, digested over periods of one second. */
    private String digestedTenant(String prefix) throws InterruptedException {
        String tenant = trails.tenantWithRequests(prefix, 0);
        assertThat(trails.digest(tenant).digests()).isGreaterThanOrEqualTo(4 * 4);
        return tenant;
    }

    private List<JsonNode> allDigests(String token, int limit) {
        List<JsonNode> digests = new ArrayList<>();
        String cursor = null;
        do {
            ApiClient.Response page = api.get("/audit/digests?limit=" + limit + (cursor == null ? "" : "&cursor="
                    + cursor), token);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(digests::add);
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
        } while (cursor != null);
        return digests;
    }

    @Test
    void theSigningKey_shouldBe404_untilTheTenantsFirstDigests() {
        String tenant = ApiClient.uniqueTenant("undigested");
        api.registerTenant(tenant);

        ApiClient.Response key = api.get("/audit/signing-key", api.token(tenant, "alice", "admin"));

        assertThat(key.status()).isEqualTo(404);
        assertThat(key.errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void theSigningKey_shouldBeTheDigestersPublicKey_withItsId() throws InterruptedException {
        String tenant = digestedTenant("signed");

        ApiClient.Response key = api.get("/audit/signing-key", api.token(tenant, "olga", "operator"));

        assertThat(key.status()).as(key.body()).isEqualTo(200);
        assertThat(key.json().get("keyId").asText()).isEqualTo(signer.key().keyId());
        assertThat(key.json().get("publicKeyPem").asText()).isEqualTo(signer.key().publicKeyPem());
    }

    @Test
    void pagesOfDigests_shouldHoldEveryDigestOnce_inPeriodThenShardOrder() throws InterruptedException {
        String tenant = digestedTenant("paged");
        String admin = api.token(tenant, "alice", "admin");

        List<JsonNode> inPagesOfThree = allDigests(admin, 3);
        List<JsonNode> inOnePage = allDigests(admin, 100);

        assertThat(inPagesOfThree).isEqualTo(inOnePage);
        assertThat(inOnePage).allMatch(digest -> digest.get("tenantId").asText().equals(tenant));
        List<String> order = inOnePage.stream()
                .map(digest -> digest.get("periodStart").asText() + "/" + digest.get("shard").asInt()).toList();
        assertThat(order).doesNotHaveDuplicates().isSortedAccordingTo(String::compareTo);
        assertThat(inOnePage.stream().map(digest -> digest.get("shard").asInt()).distinct())
                .containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void aViewer_shouldBeRefused_andTheRefusalAudited() throws InterruptedException {
        String tenant = digestedTenant("viewed");
        String viewer = api.token(tenant, "victor", "viewer");

        ApiClient.Response digests = api.get("/audit/digests", viewer);
        ApiClient.Response key = api.get("/audit/signing-key", viewer);
        ApiClient.Response refusals = api.get("/audit?actor=victor&decision=DENY", api.token(tenant, "alice", "admin"));

        assertThat(digests.status()).isEqualTo(403);
        assertThat(key.status()).isEqualTo(403);
        assertThat(refusals.json().get("items")).extracting(event -> event.get("resource").asText())
                .containsExactlyInAnyOrder("digests", "signing-key");
    }

    @Test
    void aTenant_shouldNeverSeeAnotherTenantsDigests_norUseItsCursor() throws InterruptedException {
        String a = digestedTenant("digests-a");
        String b = digestedTenant("digests-b");
        String adminOfA = api.token(a, "alice", "admin");
        String adminOfB = api.token(b, "bob", "admin");
        ApiClient.Response firstPageOfA = api.get("/audit/digests?limit=1", adminOfA);

        List<JsonNode> ofB = allDigests(adminOfB, 100);
        ApiClient.Response withCursorOfA = api.get("/audit/digests?limit=1&cursor="
                + firstPageOfA.json().get("nextCursor").asText(), adminOfB);

        assertThat(ofB).isNotEmpty().allMatch(digest -> digest.get("tenantId").asText().equals(b));
        assertThat(ofB).doesNotContainAnyElementsOf(allDigests(adminOfA, 100));
        assertThat(withCursorOfA.status()).isEqualTo(400);
    }

    @Test
    void malformedRanges_shouldBe400() {
        String tenant = ApiClient.uniqueTenant("ranges");
        api.registerTenant(tenant);
        String admin = api.token(tenant, "alice", "admin");

        assertThat(api.get("/audit/digests?from=yesterday", admin).status()).isEqualTo(400);
        assertThat(api.get("/audit/digests?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", admin).status())
                .isEqualTo(400);
        assertThat(api.get("/audit/digests?limit=0", admin).status()).isEqualTo(400);
    }

    @Test
    void theRegistryDirectory_shouldListEveryRegisteredTenant_withItsShardCount_byQuery() {
        String tenant = ApiClient.uniqueTenant("listed");
        api.send("POST", "/tenants", api.operatorToken(), api.write(Map.of("tenantId", tenant, "displayName", "L",
                "tier", "premium")), Map.of());

        List<TenantRecord> listed = new ArrayList<>();
        String after = null;
        do {
            TenantRegistry.DirectoryPage page = registry().directory(after, 7);
            listed.addAll(page.tenants());
            after = page.next();
        } while (after != null);

        assertThat(listed).filteredOn(record -> record.tenantId().value().equals(tenant))
                .singleElement().extracting(record -> record.auditShards().count()).isEqualTo(4);
        assertThat(listed.stream().map(record -> record.tenantId().value())).doesNotHaveDuplicates()
                .isSortedAccordingTo(String::compareTo);
    }

    @Test
    void auditEvents_shouldShowTheirTtlAndShard_whatTheirCanonicalFormCovers() {
        String tenant = ApiClient.uniqueTenant("ttl-shown");
        api.registerTenant(tenant);

        ApiClient.Response events = api.get("/audit", api.token(tenant, "alice", "admin"));

        assertThat(events.json().get("items")).isNotEmpty().allSatisfy(event -> {
            assertThat(event.get("expiresAt").isIntegralNumber()).isTrue();
            assertThat(event.get("shard").asInt()).isZero();
        });
    }
}
