package com.execalc.local;

import com.execalc.local.FaultProxy.Fault;
import com.execalc.local.FaultProxy.Match;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A namespace delete marks the namespace DELETING, checks that it is empty, then removes it. Its final removal is held
 * here by the {@link FaultProxy} (the SDK retries it after the attempt timeout), which opens the window in which other
 * writers meet the mark: a creator's retried write (a create whose response was lost, retried with
 * {@code orWrittenBy} its own event) and another delete that found records and undid the mark.
 */
@ExtendWith(FaultProxyCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamespaceDeleteRaceTest {

    private final FaultProxy proxy;
    private final LocalCloud stack;
    private final ApiClient api;
    private final DynamoDbClient admin;
    private final String tenant;
    private final String token;

    NamespaceDeleteRaceTest(LocalCloud stack, FaultProxy proxy, RegisteredTenant tenant) {
        this.stack = stack;
        this.proxy = proxy;
        this.api = tenant.api();
        this.admin = stack.adminDynamoDb();
        this.tenant = tenant.id();
        this.token = tenant.admin();
    }

    @Test
    void aCreatorsRetriedWrite_shouldNotReviveANamespaceBeingDeleted() {
        assertThat(api.send("PUT", "/namespaces/revived", token, null, Map.of()).status()).isEqualTo(201);
        String creatorsEvent = namespaceItem("revived").orElseThrow().get("auditEventId").s();

        CompletableFuture<ApiClient.Response> delete = deleteWithItsRemovalHeld("revived");
        Map<String, AttributeValue> marked = awaitMarked("revived");

        // the creator's first attempt committed; its retry is the same write under the same condition
        assertThatThrownBy(() -> admin.putItem(put -> put.tableName(stack.tables().data())
                .item(Map.of("pk", AttributeValue.fromS(tenant), "sk", AttributeValue.fromS("NS#revived"),
                        "namespace", AttributeValue.fromS("revived"), "state", AttributeValue.fromS("ACTIVE"),
                        "createdAt", marked.get("createdAt"), "auditEventId", AttributeValue.fromS(creatorsEvent)))
                .conditionExpression("(attribute_not_exists(#pk)) OR #writtenBy = :writtenBy")
                .expressionAttributeNames(Map.of("#pk", "pk", "#writtenBy", "auditEventId"))
                .expressionAttributeValues(Map.of(":writtenBy", AttributeValue.fromS(creatorsEvent)))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(api.send("PUT", "/namespaces/revived/records/r1", token, "{\"v\":1}", Map.of()).status())
                .isEqualTo(409);

        assertThat(delete.join().status()).isEqualTo(204);
        assertThat(namespaceItem("revived")).isEmpty();
        assertThat(TenantPartitions.query(admin, stack.tables().data(), tenant + "#revived")).isEmpty();
    }

    @Test
    void aDelete_shouldNotRemoveANamespace_whoseMarkAnotherDeleteUndid() {
        assertThat(api.send("PUT", "/namespaces/restored", token, null, Map.of()).status()).isEqualTo(201);

        CompletableFuture<ApiClient.Response> delete = deleteWithItsRemovalHeld("restored");
        awaitMarked("restored");
        // what a second delete does when it found records: it marks with its own event, sees them, and steps back
        admin.updateItem(update -> update.tableName(stack.tables().data())
                .key(Map.of("pk", AttributeValue.fromS(tenant), "sk", AttributeValue.fromS("NS#restored")))
                .updateExpression("SET #state = :active, auditEventId = :other")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":active", AttributeValue.fromS("ACTIVE"),
                        ":other", AttributeValue.fromS("01JSECONDDELETE0000000000"))));

        assertThat(delete.join().status()).isEqualTo(409);
        assertThat(namespaceItem("restored")).hasValueSatisfying(item ->
                assertThat(item.get("state").s()).isEqualTo("ACTIVE"));
    }

    /** Sends the delete with its final DeleteItem held once past the SDK's attempt timeout, so that it is retried. */
    private CompletableFuture<ApiClient.Response> deleteWithItsRemovalHeld(String namespace) {
        proxy.reset();
        proxy.inject(Fault.HANG, Match.call("DeleteItem", stack.tables().data()).containing("NS#" + namespace), 1);
        return CompletableFuture.supplyAsync(() -> api.send("DELETE", "/namespaces/" + namespace, token, null,
                Map.of()));
    }

    private Map<String, AttributeValue> awaitMarked(String namespace) {
        long deadline = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Map<String, AttributeValue>> item = namespaceItem(namespace);
            if (item.isPresent() && "DELETING".equals(item.get().get("state").s())) {
                return item.get();
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the delete never marked " + namespace);
    }

    private Optional<Map<String, AttributeValue>> namespaceItem(String namespace) {
        Map<String, AttributeValue> item = admin.getItem(get -> get.tableName(stack.tables().data()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(tenant), "sk", AttributeValue.fromS("NS#" + namespace))))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }
}
