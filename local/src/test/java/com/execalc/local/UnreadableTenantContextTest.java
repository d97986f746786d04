package com.execalc.local;

import com.execalc.api.TenantApiHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant API request whose authorizer context cannot be read (here: no audit shard count, as in a decision cached
 * by an older authorizer) is refused with 500 TENANT_CONTEXT_MISSING, and the refusal is audited as a DENY in the
 * named tenant's first audit shard, unless the request runs in another tenant's isolated environment.
 */
@ExtendWith(LocalCloudExtension.class)
class UnreadableTenantContextTest {

    private final ObjectMapper json = new ObjectMapper();

    private ObjectNode getMeWithoutShardCount(String tenant, String requestId) throws IOException {
        ObjectNode event = (ObjectNode) json.readTree(RepositoryRoot.find().resolve("events")
                .resolve("tenant-api-get-me.json").toFile());
        ObjectNode requestContext = (ObjectNode) event.get("requestContext");
        requestContext.put("requestId", requestId);
        ObjectNode authorizer = (ObjectNode) requestContext.get("authorizer");
        authorizer.put("tenantId", tenant).put("principalId", tenant + ":alice");
        authorizer.remove("auditShards");
        return event;
    }

    private JsonNode invoke(LocalCloud stack, ObjectNode event, String environmentTenant) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TenantApiHandler(stack.functionConfiguration()).handleRequest(
                new ByteArrayInputStream(json.writeValueAsBytes(event)), out,
                new LocalLambdaContext("unreadable", "tenant-api", environmentTenant));
        return json.readTree(out.toByteArray());
    }

    private static List<Map<String, AttributeValue>> eventsOf(LocalCloud stack, String tenant) {
        return AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), tenant);
    }

    @Test
    void aContextWithoutItsShardCount_shouldBe500_andAuditedAsADenyInTheTenantsFirstShard(LocalCloud stack)
            throws IOException {
        String tenant = ApiClient.uniqueTenant("stale");
        String requestId = UUID.randomUUID().toString();

        JsonNode response = invoke(stack, getMeWithoutShardCount(tenant, requestId), tenant);

        assertThat(response.get("statusCode").asInt()).isEqualTo(500);
        assertThat(json.readTree(response.get("body").asText()).at("/error/code").asText())
                .isEqualTo("TENANT_CONTEXT_MISSING");
        assertThat(eventsOf(stack, tenant)).singleElement().satisfies(event -> {
            assertThat(event.get("pk").s()).isEqualTo(tenant);
            assertThat(event.get("requestId").s()).isEqualTo(requestId);
            assertThat(event.get("decision").s()).isEqualTo("DENY");
            assertThat(event.get("reason").s()).isEqualTo("TENANT_CONTEXT_MISSING");
            assertThat(event.get("actor").s()).isEqualTo("alice");
        });
    }

    @Test
    void anUnreadableContextNamingAnotherTenantThanTheIsolatedEnvironment_shouldWriteNothingAnywhere(LocalCloud stack)
            throws IOException {
        String named = ApiClient.uniqueTenant("named");
        String environment = ApiClient.uniqueTenant("owner");

        JsonNode response = invoke(stack, getMeWithoutShardCount(named, UUID.randomUUID().toString()), environment);

        assertThat(response.get("statusCode").asInt()).isEqualTo(500);
        assertThat(eventsOf(stack, named)).isEmpty();
        assertThat(eventsOf(stack, environment)).isEmpty();
    }

    @Test
    void theAuditedRefusalOfAnUnreadableContext_shouldBeKeptForTheTenantsRetention(LocalCloud stack) throws IOException {
        ApiClient api = new ApiClient(stack.baseUri());
        String tenant = ApiClient.uniqueTenant("stale");
        api.registerTenant(tenant);
        assertThat(api.send("PUT", "/governance/policy", api.token(tenant, "alice", "admin"),
                "{\"auditRetentionDays\":3650}", Map.of()).status()).isEqualTo(200);
        String requestId = UUID.randomUUID().toString();

        JsonNode response = invoke(stack, getMeWithoutShardCount(tenant, requestId), tenant);

        assertThat(response.get("statusCode").asInt()).isEqualTo(500);
        assertThat(eventsOf(stack, tenant)).filteredOn(event -> event.get("requestId").s().equals(requestId))
                .singleElement().satisfies(event -> assertThat(Long.parseLong(event.get("expiresAt").n())
                        - Instant.parse(event.get("timestamp").s()).getEpochSecond())
                        .isEqualTo(Duration.ofDays(3650).toSeconds()));
    }
}
