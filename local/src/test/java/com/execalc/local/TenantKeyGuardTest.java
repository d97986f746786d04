package com.execalc.local;

import com.execalc.access.LocalTenantCredentials;
import com.execalc.access.SessionPolicy;
import com.execalc.access.Tables;
import com.execalc.access.TenantBoundaryViolationException;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantKeyGuard;
import com.execalc.access.TenantTable;
import com.execalc.wiring.AwsClients;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.ExecutionContextClosedException;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Layer 2 against a real dynalite: crafted requests that would leave the tenant are refused before they reach the
 * server. Where a request would change data, the victim's item is read back to show that nothing reached dynalite.
 */
@ExtendWith(LocalCloudExtension.class)
class TenantKeyGuardTest {

    private final LocalCloud stack;
    private final DynamoDbClient guarded;
    private final Tables tables;
    private final String attacker = ApiClient.uniqueTenant("acme");
    private final String victim = ApiClient.uniqueTenant("globex");
    private ExecutionContext context;
    private AwsRequestOverrideConfiguration scoped;

    TenantKeyGuardTest(LocalCloud stack) {
        this.stack = stack;
        this.guarded = AwsClients.of(stack.functionConfiguration()).tenantDynamoDb();
        this.tables = stack.functionConfiguration().tables();
    }

    @BeforeEach
    void openAttackersContext() {
        context = ExecutionContext.open(new TenantContext(TenantId.of(attacker), "mallory", Set.of(TenantRole.ADMIN),
                "req-guard"), null, Instant.now());
        TenantDynamoDb.open(guarded, tables, new LocalTenantCredentials(), context);
        scoped = AwsRequestOverrideConfiguration.builder()
                .putExecutionAttribute(TenantKeyGuard.SCOPE, new TenantKeyGuard.Scope(context,
                        SessionPolicy.forTenant(TenantId.of(attacker), tables)))
                .build();
        stack.adminDynamoDb().putItem(put -> put.tableName(tables.dataTable()).item(Map.of(
                "pk", AttributeValue.fromS(victim + "#orders"), "sk", AttributeValue.fromS("REC#1"),
                "data", AttributeValue.fromS("{\"secret\":true}"))));
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    private Map<String, AttributeValue> victimKey() {
        return Map.of("pk", AttributeValue.fromS(victim + "#orders"), "sk", AttributeValue.fromS("REC#1"));
    }

    private boolean victimItemIntact() {
        Map<String, AttributeValue> item = stack.adminDynamoDb().getItem(get -> get.tableName(tables.dataTable())
                .key(victimKey()).consistentRead(true)).item();
        return item != null && "{\"secret\":true}".equals(item.get("data").s());
    }

    private static void assertRefused(ThrowableAssert.ThrowingCallable call, String why) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected a refusal because " + why).isNotNull();
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof TenantBoundaryViolationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as(why + ": " + thrown).isInstanceOf(TenantBoundaryViolationException.class);
    }

    @Test
    void aGetItemForAnotherTenantsKey_shouldBeRefused() {
        assertRefused(() -> guarded.getItem(get -> get.overrideConfiguration(scoped)
                .tableName(tables.dataTable()).key(victimKey())), "the key leads with another tenant");
    }

    @Test
    void aPutItemForAnotherTenantsKey_shouldBeRefused_andNeverReachTheServer() {
        Map<String, AttributeValue> item = new java.util.HashMap<>(victimKey());
        item.put("data", AttributeValue.fromS("{\"owned\":true}"));

        assertRefused(() -> guarded.putItem(put -> put.overrideConfiguration(scoped)
                .tableName(tables.dataTable()).item(item)), "the item leads with another tenant");
        assertThat(victimItemIntact()).isTrue();
    }

    @Test
    void aDeleteItemForAnotherTenantsKey_shouldBeRefused_andNeverReachTheServer() {
        assertRefused(() -> guarded.deleteItem(delete -> delete.overrideConfiguration(scoped)
                .tableName(tables.dataTable()).key(victimKey())), "the key leads with another tenant");
        assertThat(victimItemIntact()).isTrue();
    }

    @Test
    void anUpdateItemForALookAlikeTenantPrefix_shouldBeRefused() {
        String lookAlike = attacker + "-corp#orders";

        assertRefused(() -> guarded.updateItem(update -> update.overrideConfiguration(scoped)
                .tableName(tables.dataTable())
                .key(Map.of("pk", AttributeValue.fromS(lookAlike), "sk", AttributeValue.fromS("REC#1")))
                .updateExpression("SET #d = :d").expressionAttributeNames(Map.of("#d", "data"))
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromS("x")))), "acme-corp is not acme");
    }

    @Test
    void aQueryOnAnotherTenantsPartition_shouldBeRefused() {
        assertRefused(() -> guarded.query(query -> query.overrideConfiguration(scoped)
                .tableName(tables.dataTable())
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", "pk"))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(victim + "#orders")))),
                "the key condition names another tenant");
    }

    @Test
    void aQueryThatHidesTheForeignKeyBehindItsOwn_shouldBeRefused() {
        assertRefused(() -> guarded.query(query -> query.overrideConfiguration(scoped)
                .tableName(tables.dataTable())
                .keyConditionExpression(":p = pk")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(victim)))),
                "the partition key is compared the other way round");
        assertRefused(() -> guarded.query(query -> query.overrideConfiguration(scoped)
                .tableName(tables.dataTable())
                .keyConditionExpression("pk = :own")
                .exclusiveStartKey(victimKey())
                .expressionAttributeValues(Map.of(":own", AttributeValue.fromS(attacker + "#orders")))),
                "the exclusive start key belongs to another tenant");
    }

    @Test
    void aQueryWithLegacyKeyConditions_shouldBeRefused() {
        assertRefused(() -> guarded.query(query -> query.overrideConfiguration(scoped)
                .tableName(tables.dataTable())
                .keyConditions(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.Condition.builder()
                        .comparisonOperator(ComparisonOperator.EQ)
                        .attributeValueList(AttributeValue.fromS(victim)).build()))), "legacy parameters");
    }

    @Test
    void aScan_shouldBeRefused_evenInsideAnOpenContext() {
        assertRefused(() -> guarded.scan(scan -> scan.overrideConfiguration(scoped).tableName(tables.dataTable())),
                "no policy allows Scan");
    }

    @Test
    void aPartiQlStatement_shouldBeRefused() {
        assertRefused(() -> guarded.executeStatement(statement -> statement.overrideConfiguration(scoped)
                .statement("SELECT * FROM \"" + tables.dataTable() + "\"")), "no policy allows PartiQL");
    }

    @Test
    void aBatchWrite_shouldBeRefused_andNeverReachTheServer() {
        assertRefused(() -> guarded.batchWriteItem(batch -> batch.overrideConfiguration(scoped)
                .requestItems(Map.of(tables.dataTable(), java.util.List.of(
                        software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                                .deleteRequest(delete -> delete.key(victimKey())).build())))), "no batch actions");
        assertThat(victimItemIntact()).isTrue();
    }

    @Test
    void anUpdateOrDeleteOfAnAuditEvent_shouldBeRefused_evenInTheOwnPartition() {
        Map<String, AttributeValue> ownEvent = Map.of("pk", AttributeValue.fromS(attacker),
                "sk", AttributeValue.fromS("01ARZ3NDEKTSV4RRFFQ69G5FAV"));

        assertRefused(() -> guarded.deleteItem(delete -> delete.overrideConfiguration(scoped)
                .tableName(tables.auditTable()).key(ownEvent)), "audit events are insert-only");
        assertRefused(() -> guarded.updateItem(update -> update.overrideConfiguration(scoped)
                .tableName(tables.auditTable()).key(ownEvent).updateExpression("REMOVE outcome")),
                "audit events are insert-only");
    }

    @Test
    void aRequestWithoutAnExecutionContext_shouldBeRefused() {
        assertRefused(() -> guarded.getItem(get -> get.tableName(tables.dataTable()).key(Map.of(
                "pk", AttributeValue.fromS(attacker), "sk", AttributeValue.fromS("NS#orders")))),
                "it carries no execution context");
    }

    @Test
    void aRequestAfterItsContextClosed_shouldBeRefused() {
        context.close();

        assertRefused(() -> guarded.getItem(get -> get.overrideConfiguration(scoped).tableName(tables.dataTable())
                .key(Map.of("pk", AttributeValue.fromS(attacker), "sk", AttributeValue.fromS("NS#orders")))),
                "its context is closed");
    }

    @Test
    void theRequestsDataAccess_shouldBeUnusableAfterItsContextClosed() {
        ExecutionContext request = ExecutionContext.open(new TenantContext(TenantId.of(attacker), "mallory",
                Set.of(TenantRole.ADMIN), "req-2"), null, Instant.now());
        TenantDynamoDb db = TenantDynamoDb.open(guarded, tables, new LocalTenantCredentials(), request);

        request.close();

        assertThat(catchThrowable(() -> db.get(TenantTable.DATA, db.keys().namespace(NamespaceId.of("orders")))))
                .isInstanceOf(ExecutionContextClosedException.class);
    }

    @Test
    void theOwnTenantsRequests_shouldPass() {
        TenantDynamoDb db = TenantDynamoDb.open(guarded, tables, new LocalTenantCredentials(), context);

        assertThat(db.get(TenantTable.DATA, db.keys().namespace(NamespaceId.of("orders")))).isEmpty();
    }
}
