package com.execalc.bench;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline of the overhead harness: the DynamoDB calls a request made through the gateway, made again directly
 * with a plain SDK client, on a shadow tenant that holds the same data. Every string that names the measured tenant
 * names the shadow instead (same length, so the same item sizes); per-request credentials and the key guard's scope
 * are dropped, since the baseline has no tenancy.
 */
final class DirectReplay {

    private final DynamoDbClient client;
    private final String tenant;
    private final String shadow;

    DirectReplay(DynamoDbClient client, String tenant, String shadow) {
        if (tenant.length() != shadow.length()) {
            throw new IllegalArgumentException("The shadow tenant id must be as long as the measured one");
        }
        this.client = client;
        this.tenant = tenant;
        this.shadow = shadow;
    }

    /**
     * Makes the calls in order, and checks each one succeeds or fails as it did through the gateway: otherwise the
     * shadow has drifted from the measured tenant and the comparison is void.
     */
    void replay(List<DynamoDbCallRecorder.Call> calls) {
        for (DynamoDbCallRecorder.Call call : calls) {
            DynamoDbException failure = null;
            try {
                send(call.request());
            } catch (DynamoDbException e) {
                failure = e;
            }
            if ((failure != null) != call.failed()) {
                throw new IllegalStateException("The replay of " + call.request()
                        + (failure != null ? " failed (" + failure.getMessage() + ")" : " succeeded")
                        + " where the gateway's call did not", failure);
            }
        }
    }

    private void send(SdkRequest request) {
        AwsRequestOverrideConfiguration none = null;
        if (request instanceof GetItemRequest get) {
            client.getItem(get.toBuilder().overrideConfiguration(none).key(rewrite(get.key())).build());
        } else if (request instanceof PutItemRequest put) {
            client.putItem(put.toBuilder().overrideConfiguration(none).item(rewrite(put.item()))
                    .expressionAttributeValues(rewrite(put.expressionAttributeValues())).build());
        } else if (request instanceof UpdateItemRequest update) {
            client.updateItem(update.toBuilder().overrideConfiguration(none).key(rewrite(update.key()))
                    .expressionAttributeValues(rewrite(update.expressionAttributeValues())).build());
        } else if (request instanceof DeleteItemRequest delete) {
            client.deleteItem(delete.toBuilder().overrideConfiguration(none).key(rewrite(delete.key()))
                    .expressionAttributeValues(rewrite(delete.expressionAttributeValues())).build());
        } else if (request instanceof QueryRequest query) {
            client.query(query.toBuilder().overrideConfiguration(none)
                    .expressionAttributeValues(rewrite(query.expressionAttributeValues()))
                    .exclusiveStartKey(rewrite(query.exclusiveStartKey())).build());
        } else {
            throw new IllegalArgumentException("No replay for " + request.getClass().getSimpleName());
        }
    }

    /** An absent map stays absent (null), not an empty one that the service would reject. */
    private Map<String, AttributeValue> rewrite(Map<String, AttributeValue> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        Map<String, AttributeValue> rewritten = new LinkedHashMap<>();
        values.forEach((name, value) -> rewritten.put(name, rewrite(value)));
        return rewritten;
    }

    private AttributeValue rewrite(AttributeValue value) {
        if (value.s() != null) {
            return AttributeValue.fromS(value.s().replace(tenant, shadow));
        }
        if (value.hasM()) {
            // an empty map is a value (a tenant's first slots item), unlike an absent parameter map
            Map<String, AttributeValue> rewritten = new LinkedHashMap<>();
            value.m().forEach((name, member) -> rewritten.put(name, rewrite(member)));
            return AttributeValue.fromM(rewritten);
        }
        if (value.hasL()) {
            return AttributeValue.fromL(value.l().stream().map(this::rewrite).toList());
        }
        return value;
    }
}
