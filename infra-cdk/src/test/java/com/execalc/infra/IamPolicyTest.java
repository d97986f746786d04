package com.execalc.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IAM of the synthesized template, statement by statement: function roles hold no tenant data access, the
 * tenant-access role is the only principal with it and pins every key to the session's tenant tag, and nothing
 * anywhere allows a Scan or a data action on {@code *}.
 */
class IamPolicyTest {

    /** The DynamoDB actions that read or write items. */
    private static final List<String> DATA_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem",
            "dynamodb:BatchWriteItem", "dynamodb:TransactGetItems", "dynamodb:TransactWriteItems",
            "dynamodb:PartiQLSelect", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete",
            "dynamodb:ConditionCheckItem");

    private final Synthesized app = Synthesized.defaults();

    private List<Statements> allowStatementsOf(String logicalIdPrefix) {
        return Statements.of(app.policyDocuments()).stream()
                .filter(s -> s.allows() && s.policy().startsWith(logicalIdPrefix))
                .toList();
    }

    private List<Statements> defaultPolicyOf(String roleLogicalId) {
        return Statements.of(app.resources("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getValue().at("/Properties/Roles/0/Ref").asText().equals(roleLogicalId))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().at("/Properties/PolicyDocument"))));
    }

    @Test
    void theTenantApiRole_shouldHaveNoDynamoDbPermission_onlyTheTaggedAssumeOfTheTenantAccessRole_andItsLogs() {
        List<Statements> statements = defaultPolicyOf("TenantApiRole");

        assertThat(statements).allSatisfy(s -> assertThat(s.actions()).noneMatch(a -> a.startsWith("dynamodb:")));
        assertThat(statements).extracting(Statements::actions).containsExactlyInAnyOrder(
                List.of("sts:AssumeRole", "sts:TagSession"),
                List.of("logs:CreateLogStream", "logs:PutLogEvents"));
        assertThat(statements.stream().filter(s -> s.actions().contains("sts:AssumeRole")).findFirst().orElseThrow()
                .resources()).extracting(JsonNode::toString).containsExactly(getAtt("TenantAccessRole"));
        assertThat(app.properties("TenantApiRole").has("ManagedPolicyArns")).isFalse();
    }

    @Test
    void onlyTheTenantAccessAndPurgeRoles_shouldAllowDataActionsOnTheDataTable() {
        assertThat(statementsWithDataActionsOn("TenantDataTable")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.policy()).matches("(TenantAccessRole|TenantPurgeRole)#.*"));
    }

    /** The deployed continuation of a long purge: the control plane invokes itself, and nothing else. */
    @Test
    void theControlPlane_shouldInvokeOnlyItselfAsynchronously_toContinueAPurge() {
        List<Statements> invokes = defaultPolicyOf("ControlPlaneRole").stream()
                .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("lambda:"))).toList();

        assertThat(invokes).singleElement().satisfies(s -> {
            assertThat(s.sid()).isEqualTo("ContinuePurgeAsynchronously");
            assertThat(s.actions()).containsExactly("lambda:InvokeFunction");
            assertThat(s.resources()).singleElement().satisfies(resource ->
                    assertThat(resource.toString()).contains(":function:")
                            .contains(app.properties("ControlPlaneFunction").path("FunctionName").toString())
                            .doesNotContain("*"));
        });
        for (String other : List.of("AuthorizerRole", "TenantApiRole", "AuditShipperRole")) {
            assertThat(defaultPolicyOf(other)).as(other)
                    .allSatisfy(s -> assertThat(s.actions()).noneMatch(a -> a.startsWith("lambda:")));
        }
    }

    @Test
    void thePurgeRole_shouldHaveExactlyTheTenantAccessRolesPolicy_andTrustOnlyTheControlPlane() {
        assertThat(app.properties("TenantPurgeRole").get("Policies"))
                .isEqualTo(app.properties("TenantAccessRole").get("Policies"));
        assertThat(app.properties("TenantPurgeRole").at("/AssumeRolePolicyDocument/Statement/0/Principal/AWS")
                .toString()).contains("ControlPlaneRole").doesNotContain("TenantApiRole");
    }

    @Test
    void onlyTheTwoTenantRoles_shouldAllowDataActionsOnTheAuditTable() {
        assertThat(statementsWithDataActionsOn("AuditTable")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.policy()).matches("(TenantAccessRole|TenantPurgeRole|TenantAuditAccessRole)#.*"))
                .anySatisfy(s -> assertThat(s.policy()).startsWith("TenantAuditAccessRole#"));
    }

    private List<Statements> statementsWithDataActionsOn(String table) {
        return Statements.of(app.policyDocuments()).stream()
                .filter(Statements::allows)
                .filter(s -> DATA_ACTIONS.stream().anyMatch(s::covers))
                .filter(s -> s.resources().stream().anyMatch(r -> r.toString().contains(getAtt(table))))
                .toList();
    }

    @Test
    void theTenantAuditAccessRole_shouldAllowOnlyInsertAndReadOfTheTaggedTenantsAuditPartitions() {
        assertThat(allowStatementsOf("TenantAuditAccessRole#")).singleElement().satisfies(audit -> {
            assertThat(audit.resources()).extracting(JsonNode::toString).containsExactly(getAtt("AuditTable"));
            assertThat(audit.actions()).containsExactlyInAnyOrder("dynamodb:PutItem", "dynamodb:GetItem",
                    "dynamodb:Query");
            assertThat(audit.statement().at("/Condition/ForAllValues:StringLike/dynamodb:LeadingKeys"))
                    .extracting(JsonNode::asText)
                    .containsExactly("${aws:PrincipalTag/tenant_id}", "${aws:PrincipalTag/tenant_id}#a*");
        });
    }

    @Test
    void theAuthorizerAndControlPlane_shouldReachOnlyTheRegistry_withTheItemActionsTheyUse() {
        assertThat(defaultPolicyOf("AuthorizerRole").stream().filter(s -> s.actions().stream()
                .anyMatch(a -> a.startsWith("dynamodb:"))).toList())
                .singleElement().satisfies(s -> {
                    assertThat(s.actions()).containsExactly("dynamodb:GetItem");
                    assertThat(s.resources()).extracting(JsonNode::toString)
                            .containsExactly(getAtt("TenantRegistryTable"));
                });
        assertThat(defaultPolicyOf("ControlPlaneRole").stream().filter(s -> s.actions().stream()
                .anyMatch(a -> a.startsWith("dynamodb:"))).toList())
                .singleElement().satisfies(s -> {
                    assertThat(s.actions()).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:PutItem",
                            "dynamodb:UpdateItem");
                    assertThat(s.resources()).extracting(JsonNode::toString)
                            .containsExactly(getAtt("TenantRegistryTable"));
                });
    }

    @Test
    void noPolicyAnywhere_shouldAllowScan() {
        assertThat(Statements.of(app.policyDocuments()))
                .filteredOn(Statements::allows)
                .noneMatch(s -> s.covers("dynamodb:Scan"));
    }

    @Test
    void noPolicyAnywhere_shouldAllowADataActionOnAWildcardResource() {
        assertThat(Statements.of(app.policyDocuments()))
                .filteredOn(Statements::allows)
                .filteredOn(s -> DATA_ACTIONS.stream().anyMatch(s::covers))
                .allSatisfy(s -> assertThat(s.resources()).noneMatch(r -> r.isTextual() && r.asText().contains("*")));
    }

    @Test
    void theTenantAccessRole_shouldPinEveryKeyToTheSessionsTenantTag_forDataAndAudit() {
        List<Statements> statements = allowStatementsOf("TenantAccessRole#");

        assertThat(statements).hasSize(2).allSatisfy(s -> {
            JsonNode condition = s.statement().path("Condition");
            JsonNode leadingKeys = condition.has("ForAllValues:StringLike")
                    ? condition.at("/ForAllValues:StringLike/dynamodb:LeadingKeys")
                    : condition.at("/ForAllValues:StringEquals/dynamodb:LeadingKeys");
            assertThat(leadingKeys).as(s.sid()).isNotEmpty()
                    .allSatisfy(key -> assertThat(key.asText()).startsWith("${aws:PrincipalTag/tenant_id}"));
        });
        assertThat(statements.stream().filter(s -> s.sid().equals("TenantData")).findFirst().orElseThrow()
                .statement().at("/Condition/ForAllValues:StringLike/dynamodb:LeadingKeys"))
                .extracting(JsonNode::asText)
                .containsExactly("${aws:PrincipalTag/tenant_id}", "${aws:PrincipalTag/tenant_id}#*");
        // the audit shards: <tenant> is shard 0, <tenant>#a<k> shard k; never a namespace partition's <tenant>#<ns>
        assertThat(statements.stream().filter(s -> s.sid().equals("TenantAuditInsertOnly")).findFirst().orElseThrow()
                .statement().at("/Condition/ForAllValues:StringLike/dynamodb:LeadingKeys"))
                .extracting(JsonNode::asText)
                .containsExactly("${aws:PrincipalTag/tenant_id}", "${aws:PrincipalTag/tenant_id}#a*");
    }

    @Test
    void theTenantRoles_shouldDenyEverything_whenTheRequestHasNoLeadingKeys_orTheSessionNoTenantTag() {
        for (String role : List.of("TenantAccessRole#", "TenantPurgeRole#", "TenantAuditAccessRole#")) {
            List<Statements> denies = Statements.of(app.policyDocuments()).stream()
                    .filter(s -> s.policy().startsWith(role) && !s.allows())
                    .toList();

            assertThat(denies).as(role).extracting(s -> s.statement().path("Condition").toString())
                    .containsExactlyInAnyOrder(
                            "{\"Null\":{\"dynamodb:LeadingKeys\":\"true\"}}",
                            "{\"Null\":{\"aws:PrincipalTag/tenant_id\":\"true\"}}");
            assertThat(denies).as(role).allSatisfy(s -> assertThat(s.actions()).containsExactly("dynamodb:*"));
        }
    }

    @Test
    void theTenantAccessRole_shouldNeverUpdateOrDeleteAuditEvents() {
        Statements audit = allowStatementsOf("TenantAccessRole#").stream()
                .filter(s -> s.resources().stream().anyMatch(r -> r.toString().equals(getAtt("AuditTable"))))
                .findFirst().orElseThrow();

        assertThat(audit.actions()).containsExactlyInAnyOrder("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query");
    }

    @Test
    void theTenantRoles_shouldTrustOnlyTheirFunctionRoles_andOnlyWithExactlyTheTenantTag() {
        for (var trust : Map.of(
                "TenantAccessRole", List.of("TenantApiRole"),
                "TenantAuditAccessRole", List.of("AuthorizerRole", "ControlPlaneRole", "AuditShipperRole",
                        "AuditDigesterRole"),
                "TenantLogWriterRole", List.of("AuditShipperRole")).entrySet()) {
            JsonNode statements = app.properties(trust.getKey()).at("/AssumeRolePolicyDocument/Statement");
            assertThat(statements).as(trust.getKey()).hasSize(1);
            JsonNode statement = statements.get(0);
            JsonNode principals = statement.at("/Principal/AWS");
            assertThat(principals.isArray() ? principals : List.of(principals))
                    .extracting(JsonNode::toString)
                    .containsExactlyInAnyOrderElementsOf(trust.getValue().stream().map(IamPolicyTest::getAtt).toList());
            assertThat(statement.path("Action")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("sts:AssumeRole", "sts:TagSession");
            assertThat(statement.at("/Condition/StringLike/aws:RequestTag~1tenant_id").asText()).isEqualTo("?*");
            assertThat(statement.at("/Condition/ForAllValues:StringEquals/aws:TagKeys"))
                    .extracting(JsonNode::asText).containsExactly("tenant_id");
        }
    }

    @Test
    void theLogWriterRole_shouldOnlyWriteStreamsOfTheTaggedTenantsAuditLogGroup() {
        List<Statements> statements = allowStatementsOf("TenantLogWriterRole#");

        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).actions()).containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(statements.get(0).resources()).singleElement().extracting(JsonNode::toString).asString()
                .endsWith(":log-group:/execalc/tenants/${aws:PrincipalTag/tenant_id}/audit:*\"]]}");
        assertThat(statements.get(1).actions()).containsExactly("logs:PutRetentionPolicy");
        assertThat(statements.get(1).resources()).allSatisfy(resource -> assertThat(resource.toString())
                .contains(":log-group:/execalc/tenants/${aws:PrincipalTag/tenant_id}/audit"));
    }

    @Test
    void noRole_shouldUseAnAwsManagedPolicy_exceptApiGatewaysAccountLoggingRole() {
        assertThat(app.resources("AWS::IAM::Role")).allSatisfy((id, role) -> {
            if (role.at("/Properties/ManagedPolicyArns").isArray()) {
                assertThat(role.at("/Properties/ManagedPolicyArns").toString()).as(id)
                        .contains("AmazonAPIGatewayPushToCloudWatchLogs");
                assertThat(role.at("/Properties/AssumeRolePolicyDocument").toString()).as(id)
                        .contains("apigateway.amazonaws.com");
            }
        });
    }

    static String getAtt(String logicalId) {
        return "{\"Fn::GetAtt\":[\"" + logicalId + "\",\"Arn\"]}";
    }
}
