package com.execalc.local.emulator;

import com.execalc.access.SessionPolicy;
import com.execalc.access.StsTenantCredentials;
import com.execalc.access.Tables;
import com.execalc.access.TenantAccessPolicies;
import com.execalc.local.LocalTables;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Layer 1 of tenant isolation (README, "Two layers keep data inside the tenant") against an AWS emulator with IAM
 * enforcement on: the real SDK, the emulator's STS and IAM policy engine, and no {@code TenantKeyGuard} in the way.
 *
 * <p>Set-up, as the emulator's administrator: the data and audit tables; the tenant-access role with the role policy
 * of {@link TenantAccessPolicies#rolePolicy} and a trust policy that only lets a session be tagged (and so requires
 * the {@code tenant_id} tag); a user standing in for the functions' role, allowed nothing but to assume that role. The
 * acme session is obtained exactly as the functions obtain it: {@link StsTenantCredentials} with the session policy
 * {@link SessionPolicy#forTenant} and the tag {@code tenant_id=acme}.
 *
 * <p>Each emulator is a subclass that starts it; the checks are the same for all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TenantAccessContract {

    static final TenantId ACME = TenantId.of("acme");
    static final TenantId GLOBEX = TenantId.of("globex");
    /** A tenant whose id starts with acme's: {@code acme#*} must not match its keys. */
    static final TenantId ACME2 = TenantId.of("acme2");

    private static final String ROLE = "execalc-tenant-access";
    private static final String ROLE_WITH_SCAN = "execalc-tenant-access-with-scan";
    private static final String FUNCTION_USER = "execalc-function";

    private final ObjectMapper json = new ObjectMapper();
    private final List<SdkClient> clients = new ArrayList<>();
    private Emulator emulator;
    private DynamoDbClient admin;
    private Tables tables;
    private String dataTable;
    private String auditTable;
    private String roleArn;
    private String roleWithScanArn;
    private AwsCredentialsProvider functionCredentials;
    private StsClient functionSts;
    private DynamoDbClient acme;

    /** Starts the emulator with IAM enforcement on. */
    abstract Emulator startEmulator();

    abstract void stopEmulator();

    @BeforeAll
    void createTheTablesTheRoleAndAnAcmeSession() throws Exception {
        emulator = startEmulator();
        AwsCredentialsProvider root = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(emulator.accessKey(), emulator.secretKey()));
        admin = dynamoDb(root);
        String account = sts(root).getCallerIdentity().account();
        LocalTables names = LocalTables.defaults();
        names.create(admin);
        dataTable = names.data();
        auditTable = names.audit();
        tables = new Tables(tableArn(account, dataTable), tableArn(account, auditTable));
        for (TenantId tenant : List.of(ACME, GLOBEX, ACME2)) {
            admin.putItem(put -> put.tableName(dataTable).item(item(tenant.value() + "#orders", "REC#r1", "{\"v\":1}")));
            admin.putItem(put -> put.tableName(auditTable).item(item(tenant.value(), "01SEED", "seed")));
            admin.putItem(put -> put.tableName(auditTable).item(item(tenant.value() + "#a3", "01SEED", "seed")));
        }

        IamClient iam = iam(root);
        roleArn = createRole(iam, ROLE, TenantAccessPolicies.rolePolicy(tables.dataTableArn(), tables.auditTableArn()));
        roleWithScanArn = createRole(iam, ROLE_WITH_SCAN, withScan(
                TenantAccessPolicies.rolePolicy(tables.dataTableArn(), tables.auditTableArn())));
        iam.createUser(user -> user.userName(FUNCTION_USER));
        ObjectNode assumeOnly = json.createObjectNode().put("Version", "2012-10-17");
        assumeOnly.putArray("Statement").addObject().put("Effect", "Allow")
                .<ObjectNode>set("Action", json.createArrayNode().add("sts:AssumeRole").add("sts:TagSession"))
                .set("Resource", json.createArrayNode().add(roleArn).add(roleWithScanArn));
        iam.putUserPolicy(policy -> policy.userName(FUNCTION_USER).policyName("assume-tenant-access")
                .policyDocument(assumeOnly.toString()));
        AccessKey key = iam.createAccessKey(create -> create.userName(FUNCTION_USER)).accessKey();
        functionCredentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
        functionSts = sts(functionCredentials);

        acme = dynamoDb(sessionAsTheFunctionsGetIt(ACME));
    }

    @AfterAll
    void stop() {
        clients.forEach(SdkClient::close);
        stopEmulator();
    }

    // ---- the acme session: its own keys -------------------------------------------------------------------------

    @Test
    void theAcmeSession_shouldReadAndWriteAcmesRecords() {
        acme.putItem(put -> put.tableName(dataTable).item(item("acme#orders", "REC#r2", "{\"v\":2}")));
        assertThat(acme.getItem(get -> get.tableName(dataTable).key(key("acme#orders", "REC#r2"))).item())
                .containsEntry("data", AttributeValue.fromS("{\"v\":2}"));
        acme.updateItem(update -> update.tableName(dataTable).key(key("acme#orders", "REC#r2"))
                .updateExpression("SET #d = :d").expressionAttributeNames(Map.of("#d", "data"))
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromS("{\"v\":3}"))));
        assertThat(acme.query(query -> query.tableName(dataTable).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("acme#orders")))).items())
                .hasSize(2);
        acme.deleteItem(delete -> delete.tableName(dataTable).key(key("acme#orders", "REC#r2")));
        // acme's own tenant partition (namespaces, policy) too
        acme.putItem(put -> put.tableName(dataTable).item(item("acme", "NS#orders", "namespace")));
    }

    @Test
    void theAcmeSession_shouldAppendAndReadAcmesAuditEvents_butNeverChangeThem() {
        acme.putItem(put -> put.tableName(auditTable).item(item("acme", "01EVENT", "event")));
        assertThat(acme.query(query -> query.tableName(auditTable).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("acme")))).items())
                .extracting(item -> item.get("sk").s()).contains("01SEED", "01EVENT");
        assertDenied(() -> acme.updateItem(update -> update.tableName(auditTable).key(key("acme", "01SEED"))
                .updateExpression("SET #d = :d").expressionAttributeNames(Map.of("#d", "data"))
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromS("rewritten")))));
        assertDenied(() -> acme.deleteItem(delete -> delete.tableName(auditTable).key(key("acme", "01SEED"))));
        assertThat(admin.getItem(get -> get.tableName(auditTable).key(key("acme", "01SEED"))).item())
                .containsEntry("data", AttributeValue.fromS("seed"));
    }

    @Test
    void theAcmeSession_shouldAppendAndReadEveryOneOfAcmesAuditShards_butNeverChangeThem() {
        acme.putItem(put -> put.tableName(auditTable).item(item("acme#a1", "01EVENT", "event")));
        acme.putItem(put -> put.tableName(auditTable).item(item("acme#a15", "01EVENT", "event")));
        assertThat(acme.query(query -> query.tableName(auditTable).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("acme#a3")))).items())
                .extracting(item -> item.get("sk").s()).contains("01SEED");
        assertThat(acme.getItem(get -> get.tableName(auditTable).key(key("acme#a1", "01EVENT"))).item()).isNotEmpty();
        assertDenied(() -> acme.deleteItem(delete -> delete.tableName(auditTable).key(key("acme#a3", "01SEED"))));
        assertDenied(() -> acme.updateItem(update -> update.tableName(auditTable).key(key("acme#a3", "01SEED"))
                .updateExpression("SET #d = :d").expressionAttributeNames(Map.of("#d", "data"))
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromS("rewritten")))));
    }

    // ---- the acme session: anything else ------------------------------------------------------------------------

    @Test
    void theAcmeSession_shouldBeDeniedEveryCallOnGlobexsKeys() {
        assertDenied(() -> acme.getItem(get -> get.tableName(dataTable).key(key("globex#orders", "REC#r1"))));
        assertDenied(() -> acme.putItem(put -> put.tableName(dataTable).item(item("globex#orders", "REC#r1", "x"))));
        assertDenied(() -> acme.updateItem(update -> update.tableName(dataTable).key(key("globex#orders", "REC#r1"))
                .updateExpression("SET #d = :d").expressionAttributeNames(Map.of("#d", "data"))
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromS("x")))));
        assertDenied(() -> acme.deleteItem(delete -> delete.tableName(dataTable).key(key("globex#orders", "REC#r1"))));
        assertDenied(() -> acme.query(query -> query.tableName(dataTable).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("globex#orders")))));
        assertDenied(() -> acme.query(query -> query.tableName(auditTable).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("globex")))));
        assertDenied(() -> acme.putItem(put -> put.tableName(auditTable).item(item("globex", "01FORGED", "x"))));
        assertThat(admin.getItem(get -> get.tableName(dataTable).key(key("globex#orders", "REC#r1"))).item())
                .containsEntry("data", AttributeValue.fromS("{\"v\":1}"));
        assertThat(admin.getItem(get -> get.tableName(auditTable).key(key("globex", "01FORGED"))).hasItem()).isFalse();
    }

    @Test
    void theAcmeSession_shouldBeDeniedATenantWhoseIdMerelyStartsWithAcme() {
        assertDenied(() -> acme.getItem(get -> get.tableName(dataTable).key(key("acme2#orders", "REC#r1"))));
        assertDenied(() -> acme.query(query -> query.tableName(auditTable).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("acme2")))));
        assertDenied(() -> acme.query(query -> query.tableName(auditTable).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("acme2#a3")))));
        assertDenied(() -> acme.putItem(put -> put.tableName(auditTable).item(item("acme2#a1", "01FORGED", "x"))));
    }

    @Test
    void theAcmeSession_shouldBeDeniedGlobexsAuditShards() {
        assertDenied(() -> acme.query(query -> query.tableName(auditTable).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("globex#a3")))));
        assertDenied(() -> acme.getItem(get -> get.tableName(auditTable).key(key("globex#a3", "01SEED"))));
        assertDenied(() -> acme.putItem(put -> put.tableName(auditTable).item(item("globex#a1", "01FORGED", "x"))));
        assertThat(admin.getItem(get -> get.tableName(auditTable).key(key("globex#a1", "01FORGED"))).hasItem())
                .isFalse();
    }

    @Test
    void theAcmeSession_shouldBeDeniedAScanOfEitherTable() {
        assertDenied(() -> acme.scan(scan -> scan.tableName(dataTable)));
        assertDenied(() -> acme.scan(scan -> scan.tableName(auditTable)));
    }

    @Test
    void aRequestWithoutLeadingKeys_shouldBeDenied_evenWhereBothPoliciesWereWidenedToAllowScan() throws Exception {
        // both the role policy and the session policy allow Scan here: only the explicit Deny on a missing
        // dynamodb:LeadingKeys (NoTenantKeyNoAccess) stands between a Scan and every tenant's data
        ObjectNode widened = withScan((ObjectNode) json.readTree(SessionPolicy.forTenant(ACME, tables).toJson()));
        DynamoDbClient session = dynamoDb(assume(roleWithScanArn, widened.toString(), ACME.value()));

        assertThat(session.getItem(get -> get.tableName(dataTable).key(key("acme#orders", "REC#r1"))).item())
                .as("the widened session works for acme's keys").isNotEmpty();
        assertDenied(() -> session.scan(scan -> scan.tableName(dataTable)));
    }

    // ---- sessions that must not work ----------------------------------------------------------------------------

    @Test
    void aSessionWithoutTheTenantTag_shouldNotBeIssued() {
        assertDenied(() -> functionSts.assumeRole(assume -> assume.roleArn(roleArn)
                .roleSessionName("untagged." + UUID.randomUUID().toString().substring(0, 8))
                .policy(SessionPolicy.forTenant(ACME, tables).toJson())));
    }

    @Test
    void aSessionTaggedForAcme_withGlobexsSessionPolicy_shouldReachNeitherTenant() {
        // the role policy pins keys to the session's tag, the session policy to its tenant: both must agree
        DynamoDbClient confused = dynamoDb(assume(roleArn, SessionPolicy.forTenant(GLOBEX, tables).toJson(),
                ACME.value()));

        assertDenied(() -> confused.getItem(get -> get.tableName(dataTable).key(key("acme#orders", "REC#r1"))));
        assertDenied(() -> confused.getItem(get -> get.tableName(dataTable).key(key("globex#orders", "REC#r1"))));
    }

    @Test
    void theFunctionsOwnCredentials_shouldReachNoTenantData() {
        DynamoDbClient function = dynamoDb(functionCredentials);

        assertDenied(() -> function.getItem(get -> get.tableName(dataTable).key(key("acme#orders", "REC#r1"))));
        assertDenied(() -> function.scan(scan -> scan.tableName(dataTable)));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** What {@code StsTenantCredentials} issues for a request of {@code tenant}, as the functions call it. */
    private AwsCredentialsProvider sessionAsTheFunctionsGetIt(TenantId tenant) {
        TenantContext context = new TenantContext(tenant, "emulator-suite", Set.of(TenantRole.ADMIN),
                "emulator-" + UUID.randomUUID());
        try (ExecutionContext request = ExecutionContext.open(context, null, Instant.now())) {
            AwsCredentials credentials = new StsTenantCredentials(functionSts, roleArn, Clock.systemUTC())
                    .forRequest(request, SessionPolicy.forTenant(tenant, tables)).resolveCredentials();
            return StaticCredentialsProvider.create(credentials);
        }
    }

    private AwsCredentialsProvider assume(String role, String sessionPolicy, String tenantTag) {
        Credentials issued = functionSts.assumeRole(assume -> assume.roleArn(role)
                .roleSessionName(tenantTag + "." + UUID.randomUUID().toString().substring(0, 8))
                .policy(sessionPolicy)
                .tags(Tag.builder().key(StsTenantCredentials.TENANT_TAG).value(tenantTag).build())).credentials();
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(issued.accessKeyId(),
                issued.secretAccessKey(), issued.sessionToken()));
    }

    private String createRole(IamClient iam, String name, ObjectNode rolePolicy) {
        // only the function's account may assume it, and only by tagging the session with a tenant
        ObjectNode trust = json.createObjectNode().put("Version", "2012-10-17");
        ObjectNode statement = trust.putArray("Statement").addObject().put("Effect", "Allow");
        statement.putObject("Principal").put("AWS", "arn:aws:iam::" + tables.dataTableArn().split(":")[4] + ":root");
        statement.putArray("Action").add("sts:AssumeRole").add("sts:TagSession");
        statement.putObject("Condition").putObject("StringLike")
                .put("aws:RequestTag/" + StsTenantCredentials.TENANT_TAG, "?*");
        String arn = iam.createRole(role -> role.roleName(name).assumeRolePolicyDocument(trust.toString())).role().arn();
        iam.putRolePolicy(policy -> policy.roleName(name).policyName("tenant-access")
                .policyDocument(rolePolicy.toString()));
        return arn;
    }

    /** The policy with one more statement that allows Scan on the data table. */
    private ObjectNode withScan(ObjectNode policy) {
        ObjectNode widened = policy.deepCopy();
        ((ArrayNode) widened.get("Statement")).addObject().put("Sid", "WidenedForTheTest").put("Effect", "Allow")
                .put("Action", "dynamodb:Scan").put("Resource", tables.dataTableArn());
        return widened;
    }

    private static void assertDenied(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, denied -> {
            assertThat(denied.statusCode()).as(denied.getMessage()).isIn(400, 403);
            assertThat(denied.awsErrorDetails().errorCode()).as(denied.getMessage()).containsIgnoringCase("AccessDenied");
        });
    }

    private static String tableArn(String account, String table) {
        return "arn:aws:dynamodb:" + Region.US_EAST_1.id() + ":" + account + ":table/" + table;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    private static Map<String, AttributeValue> item(String pk, String sk, String data) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk), "data", AttributeValue.fromS(data));
    }

    private DynamoDbClient dynamoDb(AwsCredentialsProvider credentials) {
        return keep(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(emulator.region())).endpointOverride(emulator.endpoint())
                .credentialsProvider(credentials).build());
    }

    private StsClient sts(AwsCredentialsProvider credentials) {
        return keep(StsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(emulator.region())).endpointOverride(emulator.endpoint())
                .credentialsProvider(credentials).build());
    }

    private IamClient iam(AwsCredentialsProvider credentials) {
        return keep(IamClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.AWS_GLOBAL).endpointOverride(emulator.endpoint())
                .credentialsProvider(credentials).build());
    }

    private <T extends SdkClient> T keep(T client) {
        clients.add(client);
        return client;
    }
}
