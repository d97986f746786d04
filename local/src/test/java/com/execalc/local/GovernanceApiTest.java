package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenant policies through the local gateway: restrict-only, per tenant, audited, enforced on every request. */
@ExtendWith(LocalCloudExtension.class)
class GovernanceApiTest {

    private final LocalCloud stack;
    private final ApiClient api;
    private String tenant;
    private String admin;

    GovernanceApiTest(LocalCloud stack, OpenApiContract contract) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri(), contract);
    }

    @BeforeEach
    void registerTenant(RegisteredTenant registered) {
        tenant = registered.id();
        admin = registered.admin();
    }

    private ApiClient.Response putPolicy(String token, String policy) {
        return api.send("PUT", "/governance/policy", token, policy, Map.of());
    }

    @Test
    void get_shouldShowGlobalTenantAndEffectivePolicy_toAnyRole() {
        ApiClient.Response response = api.get("/governance/policy", api.token(tenant, "victor", "viewer"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().at("/global/maxRecordBytes").asInt()).isEqualTo(65536);
        assertThat(response.json().get("tenant").isEmpty()).isTrue();
        assertThat(response.json().get("effective")).isEqualTo(response.json().get("global"));
        assertThat(response.json().get("version").asLong()).isZero();
    }

    @Test
    void aTightenedRecordLimit_shouldApplyToThatTenantOnly() {
        String other = ApiClient.uniqueTenant("globex");
        api.registerTenant(other);
        String otherAdmin = api.token(other, "bob", "admin");
        String record = "{\"blob\":\"" + "x".repeat(2000) + "\"}";
        for (String token : List.of(admin, otherAdmin)) {
            api.send("PUT", "/namespaces/orders", token, null, Map.of());
        }

        ApiClient.Response tightened = putPolicy(admin, "{\"maxRecordBytes\": 1024}");
        ApiClient.Response refused = api.send("PUT", "/namespaces/orders/records/r1", admin, record, Map.of());
        ApiClient.Response accepted = api.send("PUT", "/namespaces/orders/records/r1", otherAdmin, record, Map.of());

        assertThat(tightened.status()).isEqualTo(200);
        assertThat(tightened.json().at("/effective/maxRecordBytes").asInt()).isEqualTo(1024);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(accepted.status()).isEqualTo(201);
        assertThat(api.get("/governance/policy", otherAdmin).json().at("/effective/maxRecordBytes").asInt())
                .isEqualTo(65536);
    }

    @Test
    void aLooseningPolicy_shouldBe422_namingEveryLooseningField_andChangeNothing() {
        putPolicy(admin, "{\"maxRecordBytes\": 2048}");

        ApiClient.Response response = putPolicy(admin, """
                {"maxRecordBytes": 70000, "auditRetentionDays": 30, "execution": {"escalateAtRisk": "high"},
                 "roles": {"viewer": ["record.get", "record.put"]}, "recordDeletion": false}""");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.errorCode()).isEqualTo("POLICY_LOOSENS_INVARIANT");
        JsonNode violations = response.json().at("/error/violations");
        assertThat(violations).extracting(v -> v.get("field").asText()).containsExactlyInAnyOrder(
                "maxRecordBytes", "auditRetentionDays", "execution.escalateAtRisk", "roles.viewer");
        assertThat(violations.get(0).get("requested").asInt()).isEqualTo(70000);
        assertThat(violations.get(0).get("limit").asInt()).isEqualTo(65536);
        JsonNode after = api.get("/governance/policy", admin).json();
        assertThat(after.at("/tenant/maxRecordBytes").asInt()).isEqualTo(2048);
        assertThat(after.at("/tenant/recordDeletion").isMissingNode()).isTrue();
        assertThat(after.get("version").asLong()).isEqualTo(1);
    }

    @Test
    void anUnknownField_shouldBe400_andChangeNothing() {
        ApiClient.Response response = putPolicy(admin, "{\"maxRecordBytes\": 1024, \"maxRecordSize\": 10}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(api.get("/governance/policy", admin).json().get("version").asLong()).isZero();
    }

    @Test
    void onlyAnAdmin_shouldChangeThePolicy() {
        ApiClient.Response byOperator = putPolicy(api.token(tenant, "olga", "operator"), "{\"maxNamespaces\": 1}");

        assertThat(byOperator.status()).isEqualTo(403);
        assertThat(api.get("/governance/policy", admin).json().get("version").asLong()).isZero();
    }

    @Test
    void ifMatch_shouldProtectAgainstLostPolicyUpdates() {
        putPolicy(admin, "{\"maxNamespaces\": 10}");

        ApiClient.Response stale = api.send("PUT", "/governance/policy", admin, "{\"maxNamespaces\": 5}",
                Map.of("If-Match", "\"0\""));
        ApiClient.Response current = api.send("PUT", "/governance/policy", admin, "{\"maxNamespaces\": 5}",
                Map.of("If-Match", "\"1\""));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().get("version").asLong()).isEqualTo(2);
    }

    @Test
    void thePolicysIfMatch_shouldCompareStrongly_andTakeAListOrStar() {
        String etag = putPolicy(admin, "{\"maxNamespaces\": 10}").headers().get("etag").get(0);

        ApiClient.Response weak = api.send("PUT", "/governance/policy", admin, "{\"maxNamespaces\": 5}",
                Map.of("If-Match", "W/" + etag));
        ApiClient.Response listed = api.send("PUT", "/governance/policy", admin, "{\"maxNamespaces\": 5}",
                Map.of("If-Match", "\"7\", " + etag));
        ApiClient.Response star = api.send("PUT", "/governance/policy", admin, "{\"maxNamespaces\": 4}",
                Map.of("If-Match", "*"));

        assertThat(etag).isEqualTo("\"1\"");
        assertThat(weak.status()).isEqualTo(412);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(star.status()).isEqualTo(200);
        assertThat(star.json().get("version").asLong()).isEqualTo(3);
    }

    @Test
    void aPolicyChange_shouldBeAuditedWithThePreviousAndNewPolicy() {
        putPolicy(admin, "{\"maxNamespaces\": 10}");
        putPolicy(admin, "{\"maxNamespaces\": 5, \"recordDeletion\": false}");

        List<Map<String, AttributeValue>> changes = AuditTrailTest.auditEvents(stack.adminDynamoDb(),
                stack.tables().audit(), tenant).stream()
                .filter(event -> event.get("action").s().equals("policy.put")).toList();

        assertThat(changes).hasSize(2);
        Map<String, AttributeValue> last = changes.get(1);
        assertThat(last.get("decision").s()).isEqualTo("ALLOW");
        assertThat(last.get("details").m().get("previousPolicy").s()).isEqualTo("{\"maxNamespaces\":10}");
        assertThat(last.get("details").m().get("newPolicy").s())
                .isEqualTo("{\"maxNamespaces\":5,\"recordDeletion\":false}");
    }

    @Test
    void aLongerAuditRetention_shouldApplyToTheTenantsNextEvents() {
        putPolicy(admin, "{\"auditRetentionDays\": 3650}");
        api.get("/me", admin);

        Map<String, AttributeValue> latest = AuditTrailTest.auditEvents(stack.adminDynamoDb(), stack.tables().audit(),
                tenant).stream().filter(event -> event.get("action").s().equals("session.describe")).findFirst()
                .orElseThrow();
        long nineYears = 9L * 365 * 24 * 3600;

        assertThat(Long.parseLong(latest.get("expiresAt").n()) - System.currentTimeMillis() / 1000)
                .isGreaterThan(nineYears);
    }

    @Test
    void disabledDeletion_andNamespaceRules_shouldBeEnforced() {
        api.send("PUT", "/namespaces/fin-ledger", admin, null, Map.of());
        api.send("PUT", "/namespaces/fin-ledger/records/r1", admin, "{}", Map.of());

        putPolicy(admin, "{\"recordDeletion\": false, \"namespacePrefixes\": [\"fin-\"], \"maxNamespaces\": 1}");
        ApiClient.Response delete = api.send("DELETE", "/namespaces/fin-ledger/records/r1", admin, null, Map.of());
        ApiClient.Response outside = api.send("PUT", "/namespaces/hr", admin, null, Map.of());
        ApiClient.Response overLimit = api.send("PUT", "/namespaces/fin-other", admin, null, Map.of());

        assertThat(delete.status()).isEqualTo(422);
        assertThat(delete.errorCode()).isEqualTo("POLICY_VIOLATION");
        assertThat(api.get("/namespaces/fin-ledger/records/r1", admin).status()).isEqualTo(200);
        assertThat(outside.status()).isEqualTo(422);
        assertThat(overLimit.status()).isEqualTo(422);
        assertThat(api.get("/namespaces", admin).json().get("items")).hasSize(1);
    }

    // Fails at 0b0fd6f (issue 12, item 16): namespacePrefixes confined creating and writing only, so a record and the
    // namespace outside the prefixes could still be deleted.
    @Test
    void namespacePrefixes_shouldRefuseDeletesOutsideThem_asAnAuditedDenial_andLeaveTheDataReadable() {
        api.send("PUT", "/namespaces/hr", admin, null, Map.of());
        api.send("PUT", "/namespaces/hr/records/r1", admin, "{}", Map.of());
        api.send("PUT", "/namespaces/hr-empty", admin, null, Map.of());
        putPolicy(admin, "{\"namespacePrefixes\": [\"fin-\"]}");

        ApiClient.Response recordDelete = api.send("DELETE", "/namespaces/hr/records/r1", admin, null, Map.of());
        ApiClient.Response namespaceDelete = api.send("DELETE", "/namespaces/hr-empty", admin, null, Map.of());

        for (ApiClient.Response refused : List.of(recordDelete, namespaceDelete)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.errorCode()).isEqualTo("POLICY_VIOLATION");
            Map<String, AttributeValue> event = AuditTrailTest.auditEvents(stack.adminDynamoDb(),
                    stack.tables().audit(), tenant).stream()
                    .filter(item -> item.get("requestId").s().equals(refused.requestId())).findFirst().orElseThrow();
            assertThat(event.get("decision").s()).isEqualTo("DENY");
            assertThat(event.get("reason").s()).isEqualTo("NAMESPACE_NOT_ALLOWED");
        }
        assertThat(api.get("/namespaces/hr/records/r1", admin).status()).isEqualTo(200);
        assertThat(api.get("/namespaces", admin).json().get("items")).hasSize(2);
    }

    @Test
    void aRoleRestriction_shouldTakeEffectOnTheNextRequest() {
        String operator = api.token(tenant, "olga", "operator");
        api.send("PUT", "/namespaces/orders", admin, null, Map.of());

        putPolicy(admin, "{\"roles\": {\"operator\": [\"namespace.list\", \"record.get\", \"record.list\"]}}");

        assertThat(api.send("PUT", "/namespaces/orders/records/r1", operator, "{}", Map.of()).status()).isEqualTo(403);
        assertThat(api.send("PUT", "/namespaces/orders/records/r1", admin, "{}", Map.of()).status()).isEqualTo(201);
        assertThat(api.get("/namespaces/orders/records/r1", operator).status()).isEqualTo(200);
    }
}
