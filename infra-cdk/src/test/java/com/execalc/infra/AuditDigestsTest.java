package com.execalc.infra;

import com.execalc.controlplane.TenantRegistry;
import com.execalc.governance.PolicyModel;
import com.execalc.wiring.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployed half of verifiable audit, as the template has it: the digester function and its schedule, the
 * asymmetric key only it signs with, the Object Lock bucket only it writes to and nobody can empty, and its role's
 * least privilege.
 */
class AuditDigestsTest {

    private static final String DIGESTER_ROLE = "{\"Fn::GetAtt\":[\"AuditDigesterRole\",\"Arn\"]}";

    private final Synthesized app = Synthesized.defaults();

    private List<Statements> defaultPolicyOf(Synthesized synthesized, String roleLogicalId) {
        return Statements.of(synthesized.resources("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getValue().at("/Properties/Roles/0/Ref").asText().equals(roleLogicalId))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().at("/Properties/PolicyDocument"))));
    }

    private JsonNode schedule(Synthesized synthesized) {
        return synthesized.resources("AWS::Events::Rule").values().iterator().next().path("Properties");
    }

    @Test
    void theDigester_shouldRunHourly_byDefault_overHourlyPeriods() {
        assertThat(app.resources("AWS::Events::Rule")).hasSize(1);
        assertThat(schedule(app).path("ScheduleExpression").asText()).isEqualTo("rate(1 hour)");
        assertThat(schedule(app).at("/Targets/0/Arn").toString())
                .isEqualTo("{\"Fn::GetAtt\":[\"AuditDigesterFunction\",\"Arn\"]}");
        assertThat(app.properties("AuditDigesterFunction")
                .at("/Environment/Variables/" + Setting.AUDIT_DIGEST_SECONDS.variable()).asText()).isEqualTo("3600");
    }

    @Test
    void theDigestPeriod_shouldBeADeploymentSetting_thatTheScheduleAndTheFunctionBothFollow() {
        Synthesized fiveMinutes = Synthesized.with(Map.of("auditDigestSeconds", "300"));

        assertThat(schedule(fiveMinutes).path("ScheduleExpression").asText()).isEqualTo("rate(5 minutes)");
        assertThat(fiveMinutes.properties("AuditDigesterFunction")
                .at("/Environment/Variables/" + Setting.AUDIT_DIGEST_SECONDS.variable()).asText()).isEqualTo("300");
    }

    @Test
    void theDigester_shouldSignWithTheKey_andArchiveInTheBucket_withTenantAuditCredentials_andTakeItsTime() {
        JsonNode function = app.properties("AuditDigesterFunction");
        JsonNode env = function.at("/Environment/Variables");

        assertThat(env.path(Setting.AUDIT_DIGEST_KEY_ID.variable()).toString())
                .isEqualTo("{\"Fn::GetAtt\":[\"AuditDigestSigningKey\",\"Arn\"]}");
        assertThat(env.path(Setting.AUDIT_DIGEST_BUCKET.variable()).toString())
                .isEqualTo("{\"Ref\":\"AuditDigestArchive\"}");
        assertThat(env.path(Setting.TENANT_ACCESS_ROLE_ARN.variable()).toString())
                .isEqualTo("{\"Fn::GetAtt\":[\"TenantAuditAccessRole\",\"Arn\"]}");
        assertThat(env.has(Setting.AUDIT_DIGEST_FOLDER.variable())).isFalse();
        assertThat(function.path("Timeout").asInt()).isEqualTo(900);
    }

    @Test
    void theKey_shouldBeAnEccP256SigningKey_keptWhenTheStackIsDeleted() {
        JsonNode key = app.json().at("/Resources/AuditDigestSigningKey");

        assertThat(key.at("/Properties/KeySpec").asText()).isEqualTo("ECC_NIST_P256");
        assertThat(key.at("/Properties/KeyUsage").asText()).isEqualTo("SIGN_VERIFY");
        assertThat(key.path("DeletionPolicy").asText()).isEqualTo("Retain");
    }

    @Test
    void theKeyPolicy_shouldLetOnlyTheDigesterSign_andDenySigningToEveryOtherPrincipal() {
        List<Statements> statements = Statements.of(app.properties("AuditDigestSigningKey").path("KeyPolicy"));

        assertThat(statements.stream().filter(s -> s.allows() && s.covers("kms:Sign")))
                .singleElement().satisfies(s -> assertThat(s.statement().at("/Principal/AWS").toString())
                        .isEqualTo(DIGESTER_ROLE));
        assertThat(statements.stream().filter(s -> s.allows() && s.covers("kms:Verify"))).isEmpty();
        assertThat(statements.stream().filter(s -> !s.allows() && s.covers("kms:Sign"))).singleElement()
                .satisfies(s -> {
                    assertThat(s.statement().path("Principal").toString()).isEqualTo("{\"AWS\":\"*\"}");
                    assertThat(s.statement().at("/Condition/ArnNotEquals/aws:PrincipalArn").toString())
                            .isEqualTo(DIGESTER_ROLE);
                });
    }

    @Test
    void theBucket_shouldLockEveryObjectInComplianceMode_atLeastForTheLongestAuditRetention() {
        JsonNode bucket = app.json().at("/Resources/AuditDigestArchive");
        JsonNode properties = bucket.path("Properties");

        assertThat(properties.path("ObjectLockEnabled").asBoolean()).isTrue();
        assertThat(properties.at("/ObjectLockConfiguration/ObjectLockEnabled").asText()).isEqualTo("Enabled");
        assertThat(properties.at("/ObjectLockConfiguration/Rule/DefaultRetention/Mode").asText())
                .isEqualTo("COMPLIANCE");
        assertThat(properties.at("/ObjectLockConfiguration/Rule/DefaultRetention/Days").asInt())
                .isGreaterThanOrEqualTo(PolicyModel.MAX_RETENTION_DAYS);
        assertThat(properties.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");
        assertThat(bucket.path("DeletionPolicy").asText()).isEqualTo("Retain");
    }

    @Test
    void theBucket_shouldBlockEveryPublicAccess_beEncrypted_andOwnerEnforced() {
        JsonNode properties = app.properties("AuditDigestArchive");

        assertThat(properties.path("PublicAccessBlockConfiguration").toString()).isEqualTo(
                "{\"BlockPublicAcls\":true,\"BlockPublicPolicy\":true,\"IgnorePublicAcls\":true,"
                        + "\"RestrictPublicBuckets\":true}");
        assertThat(properties.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault"
                + "/SSEAlgorithm").asText()).isEqualTo("AES256");
        assertThat(properties.at("/OwnershipControls/Rules/0/ObjectOwnership").asText())
                .isEqualTo("BucketOwnerEnforced");
    }

    @Test
    void theBucketPolicy_shouldRefuseInsecureTransport_writesByAnyoneButTheDigester_andAnyRemovalOrUnlock_toAll() {
        List<Statements> statements = Statements.of(app.resources("AWS::S3::BucketPolicy").values().iterator().next()
                .at("/Properties/PolicyDocument"));

        assertThat(statements).allSatisfy(s -> assertThat(s.allows()).isFalse());
        assertThat(statements).anySatisfy(s -> assertThat(
                s.statement().at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false"));
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.actions()).containsExactly("s3:PutObject");
            assertThat(s.statement().at("/Condition/ArnNotEquals/aws:PrincipalArn").toString())
                    .isEqualTo(DIGESTER_ROLE);
        });
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.actions()).containsExactlyInAnyOrderElementsOf(AuditDigestStore.NEVER_ON_OBJECTS)
                    .contains("s3:DeleteObjectVersion", "s3:PutObjectRetention", "s3:BypassGovernanceRetention");
            assertThat(s.statement().has("Condition")).isFalse();
        });
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.actions()).contains("s3:PutBucketObjectLockConfiguration", "s3:PutLifecycleConfiguration");
            assertThat(s.statement().has("Condition")).isFalse();
        });
    }

    @Test
    void theDigestersRole_shouldListTenants_signDigests_andPutAndGetThem_butNeverDeleteOrUnlockThem() {
        List<Statements> statements = defaultPolicyOf(app, "AuditDigesterRole");

        assertThat(statements).extracting(Statements::sid).containsExactlyInAnyOrder("OwnLogs",
                "AssumeTaggedSessionTenantAuditAccessRole", "ListTenantDirectory", "SignAuditDigests",
                "ArchiveAuditDigestsWriteOnce", "FindArchivedAuditDigests");
        assertThat(statements).allSatisfy(s -> assertThat(s.actions())
                .noneMatch(action -> action.contains("*") || action.startsWith("s3:Delete")
                        || action.equals("s3:PutObjectRetention") || action.equals("s3:PutObjectLegalHold")
                        || action.equals("dynamodb:Scan")));
        assertThat(statements).filteredOn(s -> s.sid().equals("ListTenantDirectory")).singleElement()
                .satisfies(s -> assertThat(s.resources().get(0).toString()).contains("/index/"
                        + TenantRegistry.DIRECTORY_INDEX));
        assertThat(statements).filteredOn(s -> s.sid().equals("SignAuditDigests")).singleElement()
                .satisfies(s -> assertThat(s.actions()).containsExactlyInAnyOrder("kms:Sign", "kms:GetPublicKey"));
        assertThat(statements).filteredOn(s -> s.sid().equals("ArchiveAuditDigestsWriteOnce")).singleElement()
                .satisfies(s -> assertThat(s.actions()).containsExactlyInAnyOrder("s3:PutObject", "s3:GetObject"));
        assertThat(app.properties("AuditDigesterRole").has("ManagedPolicyArns")).isFalse();
    }

    @Test
    void noOtherPrincipal_shouldBeAllowedToSignOrToWriteObjects() {
        assertThat(Statements.of(app.policyDocuments()).stream()
                .filter(s -> s.allows() && (s.covers("kms:Sign") || s.covers("s3:PutObject")
                        || s.covers("s3:DeleteObject")))
                .map(Statements::policy).distinct())
                .allSatisfy(policy -> assertThat(policy).startsWith("RolesAuditDigesterDefaultPolicy"));
    }

    @Test
    void theDigester_shouldAssumeOnlyTheTenantAuditRole_neverTheDataRole() {
        assertThat(app.properties("TenantAuditAccessRole").at("/AssumeRolePolicyDocument/Statement/0/Principal/AWS")
                .toString()).contains("AuditDigesterRole");
        assertThat(app.properties("TenantAccessRole").at("/AssumeRolePolicyDocument").toString())
                .doesNotContain("AuditDigesterRole");
    }

    @Test
    void theRegistry_shouldHaveTheDirectoryIndex_theDigesterPagesThrough_withEveryAttribute() {
        JsonNode index = app.properties("TenantRegistryTable").at("/GlobalSecondaryIndexes/0");

        assertThat(index.path("IndexName").asText()).isEqualTo(TenantRegistry.DIRECTORY_INDEX);
        assertThat(index.at("/KeySchema/0/AttributeName").asText()).isEqualTo(TenantRegistry.DIRECTORY);
        assertThat(index.at("/KeySchema/1/AttributeName").asText()).isEqualTo(TenantRegistry.KEY);
        assertThat(index.at("/Projection/ProjectionType").asText()).isEqualTo("ALL");
    }
}
