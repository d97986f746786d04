package com.execalc.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The control plane against the real registry table in dynalite. */
@ExtendWith(LocalStackExtension.class)
class ControlPlaneIntegrationTest {

    private final LocalStack stack;
    private final ApiClient api;
    private final String operator;

    ControlPlaneIntegrationTest(LocalStack stack) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri());
        this.operator = api.operatorToken();
    }

    private ApiClient.Response create(String body) {
        return api.send("POST", "/tenants", operator, body, Map.of());
    }

    @Test
    void post_shouldRegisterAnActiveTenant() {
        String tenant = ApiClient.uniqueTenant("acme");

        ApiClient.Response created = create("{\"tenantId\":\"" + tenant + "\",\"displayName\":\"Acme Corp\"}");
        ApiClient.Response read = api.get("/tenants/" + tenant, operator);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("displayName").asText()).isEqualTo("Acme Corp");
        assertThat(read.json().get("createdAt").asText()).isEqualTo(created.json().get("createdAt").asText());
    }

    @Test
    void post_shouldPlaceTheTenantInTheStandardTier_unlessAnotherIsGiven() {
        String standard = ApiClient.uniqueTenant("acme");
        String premium = ApiClient.uniqueTenant("acme");

        create("{\"tenantId\":\"" + standard + "\",\"displayName\":\"S\"}");
        ApiClient.Response created = create("{\"tenantId\":\"" + premium + "\",\"displayName\":\"P\",\"tier\":\"premium\"}");
        ApiClient.Response unknownTier = create("{\"tenantId\":\"" + ApiClient.uniqueTenant("acme")
                + "\",\"displayName\":\"X\",\"tier\":\"gold\"}");

        assertThat(api.get("/tenants/" + standard, operator).json().get("tier").asText()).isEqualTo("standard");
        assertThat(created.json().get("tier").asText()).isEqualTo("premium");
        assertThat(created.body()).as("the usage key is never shown").doesNotContain("usageKey");
        assertThat(unknownTier.status()).isEqualTo(400);
    }

    @Test
    void post_shouldBe409_andChangeNothing_whenTheTenantExists() {
        String tenant = ApiClient.uniqueTenant("acme");
        create("{\"tenantId\":\"" + tenant + "\",\"displayName\":\"Original\"}");

        ApiClient.Response again = create("{\"tenantId\":\"" + tenant + "\",\"displayName\":\"Hijack\"}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("CONFLICT");
        assertThat(api.get("/tenants/" + tenant, operator).json().get("displayName").asText()).isEqualTo("Original");
    }

    @Test
    void post_shouldBe400_andCreateNothing_forAnInvalidTenantId() {
        for (String invalid : new String[] {"ACME", "ac#me", "a*", "ab", "acme corp"}) {
            ApiClient.Response response = create(api.write(Map.of("tenantId", invalid, "displayName", "x")));

            assertThat(response.status()).as(invalid).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("INVALID_REQUEST");
            assertThat(stack.adminDynamoDb().getItem(get -> get.tableName(stack.tables().registry())
                    .key(Map.of("tenantId", AttributeValue.fromS(invalid)))).hasItem()).as(invalid).isFalse();
        }
    }

    @Test
    void post_shouldBe400_forMalformedBodies() {
        String tenant = ApiClient.uniqueTenant("acme");

        assertThat(create("{not json").status()).isEqualTo(400);
        assertThat(create("[]").status()).isEqualTo(400);
        assertThat(create("{\"tenantId\":\"" + tenant + "\"}").status()).isEqualTo(400);
        assertThat(create("{\"tenantId\":\"" + tenant + "\",\"displayName\":\"x\",\"status\":\"ACTIVE\"}").status())
                .isEqualTo(400);
        assertThat(create("{\"tenantId\":\"" + tenant + "\",\"tenantId\":\"other\",\"displayName\":\"x\"}").status())
                .isEqualTo(400);
        assertThat(api.get("/tenants/" + tenant, operator).status()).isEqualTo(404);
    }

    @Test
    void patch_shouldSuspendAndReactivate() {
        String tenant = ApiClient.uniqueTenant("acme");
        api.registerTenant(tenant);

        ApiClient.Response suspended = api.send("PATCH", "/tenants/" + tenant, operator,
                "{\"status\":\"SUSPENDED\"}", Map.of());

        assertThat(suspended.status()).isEqualTo(200);
        assertThat(suspended.json().get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(api.get("/tenants/" + tenant, operator).json().get("status").asText()).isEqualTo("SUSPENDED");
    }

    @Test
    void patch_shouldBe400_andChangeNothing_forAnUnknownStatus() {
        String tenant = ApiClient.uniqueTenant("acme");
        api.registerTenant(tenant);

        ApiClient.Response response = api.send("PATCH", "/tenants/" + tenant, operator,
                "{\"status\":\"DELETED\"}", Map.of());

        assertThat(response.status()).isEqualTo(400);
        assertThat(api.get("/tenants/" + tenant, operator).json().get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void patchAndGet_shouldBe404_forAnUnknownTenant() {
        String ghost = ApiClient.uniqueTenant("ghost");

        assertThat(api.get("/tenants/" + ghost, operator).status()).isEqualTo(404);
        assertThat(api.send("PATCH", "/tenants/" + ghost, operator, "{\"status\":\"ACTIVE\"}", Map.of()).status())
                .isEqualTo(404);
        assertThat(api.get("/tenants/" + ghost, operator).status()).isEqualTo(404);
    }
}
