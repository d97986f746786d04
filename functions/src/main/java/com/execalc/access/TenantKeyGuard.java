package com.execalc.access;

import com.execalc.tenancy.ExecutionContext;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layer 2 of tenant isolation: an SDK interceptor on the tenant DynamoDB client that inspects every request before it
 * leaves the process and refuses, with {@link TenantBoundaryViolationException}, anything the request's
 * {@link SessionPolicy} would not allow, any request that carries no open execution context, and any request whose
 * partition keys (item keys, query key conditions, exclusive start keys) do not belong to the context's tenant.
 * A BatchWriteItem is checked per table it names, with every key of every put and delete in it: the session policy
 * allows it on the data table only. Scan, PartiQL, other batch and transaction calls are refused because the session
 * policy allows none of them.
 */
public final class TenantKeyGuard implements ExecutionInterceptor {

    /** The request's scope, attached by {@link TenantDynamoDb} to each request it sends. */
    public static final ExecutionAttribute<Scope> SCOPE = new ExecutionAttribute<>("execalc.tenantScope");

    /** An equality in a key condition expression: {@code name = value}, either side a name, alias or placeholder. */
    private static final Pattern EQUALITY = Pattern.compile("([#:]?[A-Za-z0-9_.-]+)\\s*=\\s*([#:]?[A-Za-z0-9_.-]+)");

    /**
     * What a request may do.
     *
     * @param context the execution context it runs in
     * @param policy  its session policy
     */
    public record Scope(ExecutionContext context, SessionPolicy policy) {
    }

    @Override
    public void beforeExecution(Context.BeforeExecution execution, ExecutionAttributes attributes) {
        Scope scope = attributes.getAttribute(SCOPE);
        SdkRequest request = execution.request();
        String action = actionOf(request);
        if (scope == null) {
            throw new TenantBoundaryViolationException("Refused " + action + ": made outside an execution context.");
        }
        if (!scope.context().isOpen()) {
            throw new TenantBoundaryViolationException("Refused " + action + ": its execution context is closed.");
        }
        for (Target target : targetsOf(request)) {
            if (!scope.policy().permits(action, target.table(), target.leadingKeys())) {
                throw new TenantBoundaryViolationException("Refused " + action + " on table " + target.table()
                        + ": not allowed for tenant " + scope.policy().tenant() + " by its session policy.");
            }
        }
    }

    /** What a request touches: one table, or each table of a batch write with the keys it writes there. */
    private static List<Target> targetsOf(SdkRequest request) {
        if (!(request instanceof BatchWriteItemRequest batch)) {
            return List.of(targetOf(request));
        }
        if (!batch.hasRequestItems() || batch.requestItems().isEmpty()) {
            return List.of(new Target(null, List.of()));
        }
        List<Target> targets = new ArrayList<>();
        batch.requestItems().forEach((table, writes) -> {
            List<String> keys = new ArrayList<>();
            for (WriteRequest write : writes) {
                if (write.deleteRequest() != null) {
                    keys.add(partitionKeyOf(write.deleteRequest().key()));
                } else if (write.putRequest() != null) {
                    keys.add(partitionKeyOf(write.putRequest().item()));
                } else {
                    keys.add(null);
                }
            }
            targets.add(new Target(table, keys));
        });
        return targets;
    }

    private record Target(String table, List<String> leadingKeys) {
    }

    private static String actionOf(SdkRequest request) {
        String name = request.getClass().getSimpleName();
        return name.endsWith("Request") ? name.substring(0, name.length() - "Request".length()) : name;
    }

    private static Target targetOf(SdkRequest request) {
        if (request instanceof GetItemRequest get) {
            return new Target(get.tableName(), listOf(partitionKeyOf(get.key())));
        }
        if (request instanceof PutItemRequest put) {
            return new Target(put.tableName(), listOf(partitionKeyOf(put.item())));
        }
        if (request instanceof UpdateItemRequest update) {
            return new Target(update.tableName(), listOf(partitionKeyOf(update.key())));
        }
        if (request instanceof DeleteItemRequest delete) {
            return new Target(delete.tableName(), listOf(partitionKeyOf(delete.key())));
        }
        if (request instanceof QueryRequest query) {
            return new Target(query.indexName() == null ? query.tableName() : query.tableName() + "/index/"
                    + query.indexName(), partitionKeysOf(query));
        }
        return new Target(null, List.of()); // any other operation: no policy allows it
    }

    /** Every partition key value a query names; a null element where a value cannot be read, which refuses it. */
    private static List<String> partitionKeysOf(QueryRequest query) {
        List<String> keys = new ArrayList<>();
        if (query.hasKeyConditions() || query.keyConditionExpression() == null) {
            keys.add(null); // the legacy KeyConditions parameter is not used here; refuse rather than interpret it
            return keys;
        }
        Matcher equality = EQUALITY.matcher(query.keyConditionExpression());
        while (equality.find()) {
            String left = equality.group(1);
            String right = equality.group(2);
            if (isPartitionKey(left, query)) {
                keys.add(valueOf(right, query));
            } else if (isPartitionKey(right, query)) {
                keys.add(valueOf(left, query));
            }
        }
        if (query.hasExclusiveStartKey()) {
            keys.add(partitionKeyOf(query.exclusiveStartKey()));
        }
        if (keys.isEmpty()) {
            keys.add(null);
        }
        return keys;
    }

    private static boolean isPartitionKey(String token, QueryRequest query) {
        String name = token.startsWith("#") && query.hasExpressionAttributeNames()
                ? query.expressionAttributeNames().get(token) : token;
        return TenantKeys.PARTITION_KEY.equals(name);
    }

    private static String valueOf(String token, QueryRequest query) {
        if (!token.startsWith(":") || !query.hasExpressionAttributeValues()) {
            return null;
        }
        AttributeValue value = query.expressionAttributeValues().get(token);
        return value == null ? null : value.s();
    }

    private static String partitionKeyOf(Map<String, AttributeValue> key) {
        AttributeValue value = key == null ? null : key.get(TenantKeys.PARTITION_KEY);
        return value == null ? null : value.s();
    }

    private static List<String> listOf(String key) {
        List<String> keys = new ArrayList<>(1);
        keys.add(key);
        return keys;
    }
}
