package com.execalc.access;

import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.ExecutionContextClosedException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One request's access to its tenant's items: every call is signed with the request's tenant credentials, carries the
 * request's scope for {@link TenantKeyGuard}, and names its item only by a key from {@link TenantKeys}. Owned by the
 * execution context, and unusable once it is closed.
 */
public final class TenantDynamoDb implements AutoCloseable {

    private final DynamoDbClient client;
    private final Tables tables;
    private final ExecutionContext context;
    private final TenantKeys keys;
    private final AwsRequestOverrideConfiguration override;
    private boolean closed;

    private TenantDynamoDb(DynamoDbClient client, Tables tables, ExecutionContext context,
                           AwsCredentialsProvider credentials, SessionPolicy policy) {
        this.client = client;
        this.tables = tables;
        this.context = context;
        this.keys = TenantKeys.of(context);
        this.override = AwsRequestOverrideConfiguration.builder()
                .credentialsProvider(credentials)
                .putExecutionAttribute(TenantKeyGuard.SCOPE, new TenantKeyGuard.Scope(context, policy))
                .build();
    }

    /**
     * Opens the request's data access: generates its session policy, obtains its credentials (lazily, on first call),
     * and hands itself to the context, which closes it when the request ends.
     *
     * @param client the function's DynamoDB client, which must carry a {@link TenantKeyGuard}
     */
    public static TenantDynamoDb open(DynamoDbClient client, Tables tables, TenantCredentials credentials,
                                      ExecutionContext context) {
        SessionPolicy policy = SessionPolicy.forTenant(context.tenantId(), tables);
        return context.own(new TenantDynamoDb(client, tables, context, credentials.forRequest(context, policy), policy));
    }

    public TenantKeys keys() {
        return keys;
    }

    public ExecutionContext context() {
        ensureOpen();
        return context;
    }

    /** A strongly consistent GetItem. */
    public Optional<Map<String, AttributeValue>> get(TenantTable table, TenantKeys.ItemKey key) {
        GetItemResponse response = call(() -> client.getItem(get -> get
                .overrideConfiguration(override)
                .tableName(nameOf(table))
                .key(key.toKey())
                .consistentRead(true)));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    /**
     * A conditional PutItem of {@code attributes} under {@code key}.
     *
     * @throws ConditionalCheckFailedException when the condition does not hold
     */
    public void put(TenantTable table, TenantKeys.ItemKey key, Map<String, AttributeValue> attributes,
                    Condition condition) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.putAll(key.toKey());
        call(() -> client.putItem(put -> {
            put.overrideConfiguration(override).tableName(nameOf(table)).item(item);
            applyCondition(condition, put::conditionExpression, put::expressionAttributeNames,
                    put::expressionAttributeValues);
        }));
    }

    /**
     * A conditional UpdateItem; returns the item as it is afterwards.
     *
     * @throws ConditionalCheckFailedException when the condition does not hold
     */
    public Map<String, AttributeValue> update(TenantTable table, TenantKeys.ItemKey key, String updateExpression,
                                              Condition condition) {
        UpdateItemResponse response = call(() -> client.updateItem(update -> {
            update.overrideConfiguration(override).tableName(nameOf(table)).key(key.toKey())
                    .updateExpression(updateExpression).returnValues(ReturnValue.ALL_NEW);
            applyCondition(condition, update::conditionExpression, update::expressionAttributeNames,
                    update::expressionAttributeValues);
        }));
        return response.attributes();
    }

    /** @throws ConditionalCheckFailedException when the condition does not hold */
    public void delete(TenantTable table, TenantKeys.ItemKey key, Condition condition) {
        call(() -> client.deleteItem(delete -> {
            delete.overrideConfiguration(override).tableName(nameOf(table)).key(key.toKey());
            applyCondition(condition, delete::conditionExpression, delete::expressionAttributeNames,
                    delete::expressionAttributeValues);
        }));
    }

    /** A page of a Query. @param lastSortKey the sort key to continue after, or {@code null} at the end */
    public record Page(List<Map<String, AttributeValue>> items, String lastSortKey) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /**
     * Queries one partition of the tenant: the sort keys that begin with {@code sortKeyPrefix}, or lie between
     * {@code from} and {@code to} when the prefix is {@code null}.
     *
     * @param after          continue after this sort key, or {@code null} from the start
     * @param forward        ascending sort key order when true
     * @param filter         a filter applied by DynamoDB within the partition, or {@link Condition#none()}
     */
    public Page query(TenantTable table, TenantKeys.Partition partition, SortKeyRange range, int limit, String after,
                      boolean forward, Condition filter) {
        return query(table, partition, range, limit, after, forward, filter, List.of());
    }

    /**
     * As {@link #query(TenantTable, TenantKeys.Partition, SortKeyRange, int, String, boolean, Condition)}, reading only
     * the {@code projection} attributes of each item (and its key): for readers that count or delete, which pay for
     * what they read.
     *
     * @param projection the attributes to read; the key is always read, so naming only the sort key reads keys only;
     *                   empty reads whole items
     */
    public Page query(TenantTable table, TenantKeys.Partition partition, SortKeyRange range, int limit, String after,
                      boolean forward, Condition filter, List<String> projection) {
        Map<String, String> names = new HashMap<>(filter.names());
        names.put("#pk", TenantKeys.PARTITION_KEY);
        names.put("#sk", TenantKeys.SORT_KEY);
        List<String> projected = new java.util.ArrayList<>(List.of("#pk", "#sk"));
        for (int i = 0; i < projection.size(); i++) {
            if (!projection.get(i).equals(TenantKeys.PARTITION_KEY) && !projection.get(i).equals(TenantKeys.SORT_KEY)) {
                names.put("#p" + i, projection.get(i));
                projected.add("#p" + i);
            }
        }
        Map<String, AttributeValue> values = new HashMap<>(filter.values());
        values.put(":k_pk", AttributeValue.fromS(partition.value()));
        values.putAll(range.values());
        QueryResponse response = call(() -> client.query(query -> {
            query.overrideConfiguration(override)
                    .tableName(nameOf(table))
                    .keyConditionExpression(range.expression() == null ? "#pk = :k_pk"
                            : "#pk = :k_pk AND " + range.expression())
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .consistentRead(true)
                    .scanIndexForward(forward)
                    .limit(limit);
            if (!projection.isEmpty()) {
                query.projectionExpression(String.join(", ", projected));
            }
            if (filter.expression() != null) {
                query.filterExpression(filter.expression());
            }
            if (after != null) {
                query.exclusiveStartKey(partition.item(after).toKey());
            }
        }));
        String last = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey().get(TenantKeys.SORT_KEY).s() : null;
        return new Page(response.items(), last);
    }

    /** The most items one BatchWriteItem deletes (DynamoDB's limit). */
    public static final int MAX_BATCH = 25;
    /** How often the items DynamoDB left unprocessed are sent again before the batch fails as unavailable. */
    static final int MAX_BATCH_ATTEMPTS = 8;

    /**
     * Deletes up to {@value #MAX_BATCH} items of the data table, unconditionally, with one BatchWriteItem (the items
     * DynamoDB leaves unprocessed, under throttling, are sent again with a growing pause). Only the data table: the
     * audit table is insert-only, and no session policy allows a batch on it.
     *
     * @throws StoreUnavailableException when some items are still unprocessed after {@value #MAX_BATCH_ATTEMPTS} tries
     */
    public void deleteBatch(TenantTable table, List<TenantKeys.ItemKey> keys) {
        if (table != TenantTable.DATA) {
            throw new IllegalArgumentException("Only the data table's items are deleted in batches");
        }
        if (keys.isEmpty() || keys.size() > MAX_BATCH) {
            throw new IllegalArgumentException("A batch deletes 1 to " + MAX_BATCH + " items, not " + keys.size());
        }
        List<WriteRequest> pending = keys.stream().map(key -> WriteRequest.builder()
                .deleteRequest(delete -> delete.key(key.toKey())).build()).toList();
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > MAX_BATCH_ATTEMPTS) {
                throw new StoreUnavailableException(new IllegalStateException(pending.size()
                        + " items stayed unprocessed after " + MAX_BATCH_ATTEMPTS + " attempts"));
            }
            if (attempt > 1) {
                pause(attempt);
            }
            List<WriteRequest> sending = pending;
            BatchWriteItemResponse response = call(() -> client.batchWriteItem(batch -> batch
                    .overrideConfiguration(override)
                    .requestItems(Map.of(nameOf(table), sending))));
            pending = response.hasUnprocessedItems()
                    ? response.unprocessedItems().getOrDefault(nameOf(table), List.of()) : List.of();
        }
    }

    /** Exponential backoff with jitter between attempts at unprocessed items: 20 ms, 40 ms, ... at most 1 s. */
    private static void pause(int attempt) {
        long ceiling = Math.min(1000, 10L << Math.min(attempt - 1, 10));
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(e);
        }
    }

    /** How many items of one partition have sort keys in {@code range}, counted with Query (Select COUNT). */
    public int count(TenantTable table, TenantKeys.Partition partition, SortKeyRange range) {
        Map<String, AttributeValue> values = new HashMap<>(range.values());
        values.put(":k_pk", AttributeValue.fromS(partition.value()));
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse response = call(() -> client.query(query -> query.overrideConfiguration(override)
                    .tableName(nameOf(table))
                    .keyConditionExpression(range.expression() == null ? "#pk = :k_pk"
                            : "#pk = :k_pk AND " + range.expression())
                    .expressionAttributeNames(range.expression() == null ? Map.of("#pk", TenantKeys.PARTITION_KEY)
                            : Map.of("#pk", TenantKeys.PARTITION_KEY, "#sk", TenantKeys.SORT_KEY))
                    .expressionAttributeValues(values)
                    .select(Select.COUNT)
                    .consistentRead(true)
                    .exclusiveStartKey(from)));
            count += response.count();
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /** Which sort keys a query reads. */
    public record SortKeyRange(String expression, Map<String, AttributeValue> values) {

        /** Every sort key of the partition: the key condition names the partition alone. */
        public static SortKeyRange all() {
            return new SortKeyRange(null, Map.of());
        }

        public static SortKeyRange beginsWith(String prefix) {
            return new SortKeyRange("begins_with(#sk, :k_prefix)", Map.of(":k_prefix", AttributeValue.fromS(prefix)));
        }

        public static SortKeyRange between(String from, String to) {
            return new SortKeyRange("#sk BETWEEN :k_from AND :k_to",
                    Map.of(":k_from", AttributeValue.fromS(from), ":k_to", AttributeValue.fromS(to)));
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private String nameOf(TenantTable table) {
        return table == TenantTable.DATA ? tables.dataTable() : tables.auditTable();
    }

    private static void applyCondition(Condition condition, java.util.function.Consumer<String> expression,
                                       java.util.function.Consumer<Map<String, String>> names,
                                       java.util.function.Consumer<Map<String, AttributeValue>> values) {
        if (condition.expression() == null) {
            return;
        }
        expression.accept(condition.expression());
        Map<String, String> allNames = new HashMap<>(condition.names());
        if (condition.expression().contains("#pk")) {
            allNames.put("#pk", TenantKeys.PARTITION_KEY);
        }
        if (condition.expression().contains("#sk")) {
            allNames.put("#sk", TenantKeys.SORT_KEY);
        }
        if (!allNames.isEmpty()) {
            names.accept(allNames);
        }
        if (!condition.values().isEmpty()) {
            values.accept(condition.values());
        }
    }

    /** Runs one call; maps the guard's refusal and unavailability to their own failures. */
    private <T> T call(Supplier<T> request) {
        ensureOpen();
        try {
            return request.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkException e) {
            TenantBoundaryViolationException refusal = findRefusal(e);
            if (refusal != null) {
                throw refusal;
            }
            if (e instanceof SdkClientException || e.retryable() || isThrottlingOrServerError(e)) {
                throw new StoreUnavailableException(e);
            }
            throw e;
        }
    }

    private static boolean isThrottlingOrServerError(SdkException e) {
        return e instanceof DynamoDbException dynamo && (dynamo.isThrottlingException() || dynamo.statusCode() >= 500);
    }

    private static TenantBoundaryViolationException findRefusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TenantBoundaryViolationException refusal) {
                return refusal;
            }
        }
        return null;
    }

    private void ensureOpen() {
        if (closed || !context.isOpen()) {
            throw new ExecutionContextClosedException(context.toString());
        }
    }
}
