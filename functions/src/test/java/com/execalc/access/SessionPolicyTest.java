package com.execalc.access;

import com.execalc.tenancy.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionPolicyTest {

    private static final Tables TABLES = new Tables(
            "arn:aws:dynamodb:eu-west-1:123456789012:table/execalc-data",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/execalc-audit");

    private final SessionPolicy acme = SessionPolicy.forTenant(TenantId.of("acme"), TABLES);

    @Test
    void toJson_shouldPinLeadingKeysToTheTenant_onBothTables() throws Exception {
        JsonNode policy = new ObjectMapper().readTree(acme.toJson());

        assertThat(policy.at("/Statement/0/Resource").toString()).isEqualTo("[\"" + TABLES.dataTableArn() + "\"]");
        assertThat(policy.at("/Statement/0/Condition/ForAllValues:StringLike/dynamodb:LeadingKeys").toString())
                .isEqualTo("[\"acme\",\"acme#*\"]");
        assertThat(policy.at("/Statement/1/Resource").toString()).isEqualTo("[\"" + TABLES.auditTableArn() + "\"]");
        assertThat(policy.at("/Statement/1/Condition/ForAllValues:StringLike/dynamodb:LeadingKeys").toString())
                .isEqualTo("[\"acme\",\"acme#a*\"]");
    }

    @Test
    void toJson_shouldKeepTheAuditTableInsertOnly() throws Exception {
        JsonNode audit = new ObjectMapper().readTree(acme.toJson()).at("/Statement/1");

        assertThat(audit.get("Effect").asText()).isEqualTo("Allow");
        assertThat(audit.get("Action")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query");
    }

    @Test
    void toJson_shouldDenyEverything_whenLeadingKeysAreAbsent() throws Exception {
        JsonNode deny = new ObjectMapper().readTree(acme.toJson()).at("/Statement/2");

        assertThat(deny.get("Effect").asText()).isEqualTo("Deny");
        assertThat(deny.get("Action").asText()).isEqualTo("dynamodb:*");
        assertThat(deny.at("/Condition/Null/dynamodb:LeadingKeys").asText()).isEqualTo("true");
    }

    @Test
    void toJson_shouldAllowNoScanNoPartiQlNoBatchButTheDataDeletesAndNoAuditUpdates() {
        assertThat(acme.toJson()).doesNotContain("Scan", "ExecuteStatement", "BatchGetItem", "BatchExecute",
                "Transact", "PartiQL");
        assertThat(acme.toJson().split("BatchWriteItem", -1)).as("BatchWriteItem in the data statement only")
                .hasSize(2);
        assertThat(acme.toJson()).doesNotContain("\"Resource\":\"*\"");
    }

    @Test
    void toJson_shouldFitTheStsLimit_forTheLongestTenantIdAndTableNamesOf100Characters() {
        String longArn = "arn:aws:dynamodb:ap-southeast-2:123456789012:table/" + "t".repeat(94);
        SessionPolicy longest = SessionPolicy.forTenant(TenantId.of("a".repeat(63)), new Tables(longArn + "-data",
                longArn + "-audit"));

        assertThat(longest.toJson().length()).isLessThanOrEqualTo(SessionPolicy.MAX_LENGTH);
    }

    @Test
    void requireFits_shouldFailAtStartUp_whenTableArnsAreTooLongForAnyTenant() {
        String longArn = "arn:aws:dynamodb:ap-southeast-2:123456789012:table/" + "t".repeat(250);

        assertThatThrownBy(() -> SessionPolicy.requireFits(new Tables(longArn + "-d", longArn + "-a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("STS accepts at most 2048");
    }

    @Test
    void permits_shouldAllowTheTenantsOwnKeys() {
        assertThat(acme.permits("GetItem", "execalc-data", List.of("acme"))).isTrue();
        assertThat(acme.permits("Query", "execalc-data", List.of("acme#orders"))).isTrue();
        assertThat(acme.permits("PutItem", "execalc-audit", List.of("acme"))).isTrue();
    }

    @Test
    void permits_shouldAllowEveryAuditShardOfTheTenant_forInsertsAndReads() {
        for (String shard : List.of("acme", "acme#a1", "acme#a7", "acme#a15")) {
            assertThat(acme.permits("PutItem", "execalc-audit", List.of(shard))).as(shard).isTrue();
            assertThat(acme.permits("GetItem", "execalc-audit", List.of(shard))).as(shard).isTrue();
            assertThat(acme.permits("Query", "execalc-audit", List.of(shard))).as(shard).isTrue();
            assertThat(acme.permits("UpdateItem", "execalc-audit", List.of(shard))).as(shard).isFalse();
            assertThat(acme.permits("DeleteItem", "execalc-audit", List.of(shard))).as(shard).isFalse();
        }
    }

    @Test
    void permits_shouldRefuseAnotherTenantsAuditShards_evenOfATenantWhoseIdExtendsThisOne() {
        for (String foreign : List.of("acme2", "acme2#a1", "acme-corp#a3", "globex#a1", "acm#a1", "acmea1")) {
            assertThat(acme.permits("Query", "execalc-audit", List.of(foreign))).as(foreign).isFalse();
            assertThat(acme.permits("PutItem", "execalc-audit", List.of(foreign))).as(foreign).isFalse();
        }
        assertThat(acme.permits("Query", "execalc-audit", List.of("acme#a1", "globex#a1"))).isFalse();
    }

    @Test
    void permits_shouldRefuseOtherTenantsLookAlikesMixesAndMissingKeys() {
        assertThat(acme.permits("GetItem", "execalc-data", List.of("globex"))).isFalse();
        assertThat(acme.permits("GetItem", "execalc-data", List.of("acme-corp"))).isFalse();
        assertThat(acme.permits("GetItem", "execalc-data", List.of("acme-corp#orders"))).isFalse();
        assertThat(acme.permits("GetItem", "execalc-data", List.of("acmeorders"))).isFalse();
        assertThat(acme.permits("GetItem", "execalc-data", List.of("acme", "globex"))).isFalse();
        assertThat(acme.permits("GetItem", "execalc-data", List.of())).isFalse();
        assertThat(acme.permits("GetItem", "execalc-data", Arrays.asList("acme", null))).isFalse();
        assertThat(acme.permits("PutItem", "execalc-audit", List.of("acme#orders"))).isFalse();
    }

    @Test
    void permits_shouldRefuseScansAuditMutationsAndOtherTables() {
        assertThat(acme.permits("Scan", "execalc-data", List.of("acme"))).isFalse();
        assertThat(acme.permits("UpdateItem", "execalc-audit", List.of("acme"))).isFalse();
        assertThat(acme.permits("DeleteItem", "execalc-audit", List.of("acme"))).isFalse();
        assertThat(acme.permits("GetItem", "execalc-tenants", List.of("acme"))).isFalse();
        assertThat(acme.permits("BatchWriteItem", "execalc-audit", List.of("acme"))).isFalse();
        assertThat(acme.permits("BatchGetItem", "execalc-data", List.of("acme"))).isFalse();
    }

    @Test
    void permits_shouldAllowTheDataTablesBatchWrite_onlyWhenEveryKeyIsTheTenants() {
        assertThat(acme.permits("BatchWriteItem", "execalc-data", List.of("acme", "acme#orders"))).isTrue();
        assertThat(acme.permits("BatchWriteItem", "execalc-data", List.of("acme#orders", "globex#orders"))).isFalse();
        assertThat(acme.permits("BatchWriteItem", "execalc-data", Arrays.asList("acme", null))).isFalse();
    }

    @Test
    void rolePolicy_shouldPinKeysToTheSessionTag_andDenyUntaggedSessions() throws Exception {
        JsonNode role = TenantAccessPolicies.rolePolicy(TABLES.dataTableArn(), TABLES.auditTableArn());

        assertThat(role.at("/Statement/0/Condition/ForAllValues:StringLike/dynamodb:LeadingKeys").toString())
                .isEqualTo("[\"${aws:PrincipalTag/tenant_id}\",\"${aws:PrincipalTag/tenant_id}#*\"]");
        assertThat(role.at("/Statement/1/Condition/ForAllValues:StringLike/dynamodb:LeadingKeys").toString())
                .isEqualTo("[\"${aws:PrincipalTag/tenant_id}\",\"${aws:PrincipalTag/tenant_id}#a*\"]");
        assertThat(role.at("/Statement/3/Condition/Null/aws:PrincipalTag~1tenant_id").asText()).isEqualTo("true");
        assertThat(role.at("/Statement/3/Effect").asText()).isEqualTo("Deny");
    }

    @Test
    void auditRolePolicy_shouldAllowTheTaggedTenantsAuditPartitionsOnly_andNoDataAction() {
        JsonNode role = TenantAccessPolicies.auditRolePolicy(TABLES.dataTableArn(), TABLES.auditTableArn());

        List<JsonNode> allows = new ArrayList<>();
        role.get("Statement").forEach(statement -> {
            if (statement.get("Effect").asText().equals("Allow")) {
                allows.add(statement);
            }
        });
        assertThat(allows).singleElement().satisfies(audit -> {
            assertThat(audit.get("Resource").toString()).isEqualTo("[\"" + TABLES.auditTableArn() + "\"]");
            assertThat(audit.get("Action").toString())
                    .isEqualTo("[\"dynamodb:PutItem\",\"dynamodb:GetItem\",\"dynamodb:Query\"]");
            assertThat(audit.at("/Condition/ForAllValues:StringLike/dynamodb:LeadingKeys").toString())
                    .isEqualTo("[\"${aws:PrincipalTag/tenant_id}\",\"${aws:PrincipalTag/tenant_id}#a*\"]");
        });
        assertThat(role.get("Statement")).filteredOn(statement -> statement.get("Effect").asText().equals("Deny"))
                .extracting(statement -> statement.get("Sid").asText())
                .containsExactly("NoTenantKeyNoAccess", "NoTenantTagNoAccess");
    }
}
