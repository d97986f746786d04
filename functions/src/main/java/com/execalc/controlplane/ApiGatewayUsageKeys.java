package com.execalc.controlplane;

import com.execalc.tenancy.TenantId;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiKey;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.CreateApiKeyResponse;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** Usage keys as API Gateway API keys, one per tenant, added to the usage plan of the tenant's tier. */
public final class ApiGatewayUsageKeys implements UsageKeys {

    private final ApiGatewayClient apiGateway;
    private final Map<Tier, String> usagePlans;
    private final SecureRandom random = new SecureRandom();

    /** @param usagePlans the usage plan id of each tier */
    public ApiGatewayUsageKeys(ApiGatewayClient apiGateway, Map<Tier, String> usagePlans) {
        this.apiGateway = apiGateway;
        this.usagePlans = Map.copyOf(usagePlans);
    }

    @Override
    public String issue(TenantId tenant, Tier tier) {
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        String value = HexFormat.of().formatHex(secret);
        CreateApiKeyResponse key = apiGateway.createApiKey(create -> create.name(nameOf(tenant))
                .description("Usage key of tenant " + tenant.value()).enabled(true).value(value)
                .tags(Map.of("tenant_id", tenant.value())));
        apiGateway.createUsagePlanKey(planKey -> planKey.usagePlanId(usagePlans.get(tier)).keyId(key.id())
                .keyType("API_KEY"));
        return value;
    }

    /**
     * Finds the key by its name and value (a name query matches by prefix, so names are compared whole) and sets its
     * {@code enabled} flag.
     *
     * @throws IllegalStateException when the tenant has no such key
     */
    @Override
    public void setEnabled(TenantId tenant, String key, boolean enabled) {
        String id = idOf(tenant, key).orElseThrow(
                () -> new IllegalStateException("Tenant " + tenant.value() + " has no API key"));
        apiGateway.updateApiKey(update -> update.apiKey(id).patchOperations(PatchOperation.builder()
                .op(Op.REPLACE).path("/enabled").value(Boolean.toString(enabled)).build()));
    }

    @Override
    public void changeTier(TenantId tenant, String key, Tier from, Tier to) {
        String id = idOf(tenant, key).orElseThrow(
                () -> new IllegalStateException("Tenant " + tenant.value() + " has no API key"));
        try {
            apiGateway.createUsagePlanKey(planKey -> planKey.usagePlanId(usagePlans.get(to)).keyId(id)
                    .keyType("API_KEY"));
        } catch (ConflictException alreadyInPlan) {
            // a repeated move: the key is in the new plan already
        }
        if (from != to) {
            try {
                apiGateway.deleteUsagePlanKey(planKey -> planKey.usagePlanId(usagePlans.get(from)).keyId(id));
            } catch (NotFoundException notInPlan) {
                // a repeated move: out of the old plan already
            }
        }
    }

    @Override
    public void retire(TenantId tenant, String key, Tier tier) {
        Optional<String> id = idOf(tenant, key);
        if (id.isEmpty()) {
            return; // retired already
        }
        try {
            apiGateway.deleteUsagePlanKey(planKey -> planKey.usagePlanId(usagePlans.get(tier)).keyId(id.get()));
        } catch (NotFoundException notInPlan) {
            // out of the plan already
        }
        try {
            apiGateway.deleteApiKey(delete -> delete.apiKey(id.get()));
        } catch (NotFoundException deleted) {
            // deleted concurrently
        }
    }

    /** The key's id, found by its name and value (a name query matches by prefix, so names are compared whole). */
    private Optional<String> idOf(TenantId tenant, String key) {
        return apiGateway.getApiKeysPaginator(get -> get.nameQuery(nameOf(tenant)).includeValues(true))
                .items().stream()
                .filter(candidate -> candidate.name().equals(nameOf(tenant)) && key.equals(candidate.value()))
                .map(ApiKey::id)
                .findFirst();
    }

    private static String nameOf(TenantId tenant) {
        return "execalc-tenant-" + tenant.value();
    }
}
