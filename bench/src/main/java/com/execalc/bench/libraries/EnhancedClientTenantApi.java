package com.execalc.bench.libraries;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.execalc.wiring.AwsClients;
import com.execalc.wiring.Configuration;
import com.execalc.api.TenantApiHandler;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An experiment, never deployed: the tenant API with the DynamoDB enhanced client beside it, to measure what adopting
 * it costs on the packaged first response. A static immutable table schema (no bean reflection) for a record item,
 * an enhanced client over a DynamoDB client of its own, and after the real request one {@code getItem} of the record
 * through the schema. The real handler keeps its own calls, so this is an upper bound: an extra client and an extra
 * call that an adoption would not make.
 */
public final class EnhancedClientTenantApi implements RequestStreamHandler {

    /** A record item as the data table holds it, immutable. */
    public static final class RecordItem {
        private final String pk;
        private final String sk;
        private final Long version;
        private final String data;

        private RecordItem(Builder builder) {
            this.pk = builder.pk;
            this.sk = builder.sk;
            this.version = builder.version;
            this.data = builder.data;
        }

        public String pk() {
            return pk;
        }

        public String sk() {
            return sk;
        }

        public Long version() {
            return version;
        }

        public String data() {
            return data;
        }

        /** The schema's builder of items. */
        public static final class Builder {
            private String pk;
            private String sk;
            private Long version;
            private String data;

            public Builder pk(String value) {
                pk = value;
                return this;
            }

            public Builder sk(String value) {
                sk = value;
                return this;
            }

            public Builder version(Long value) {
                version = value;
                return this;
            }

            public Builder data(String value) {
                data = value;
                return this;
            }

            public RecordItem build() {
                return new RecordItem(this);
            }
        }
    }

    static final StaticImmutableTableSchema<RecordItem, RecordItem.Builder> SCHEMA =
            StaticImmutableTableSchema.builder(RecordItem.class, RecordItem.Builder.class)
                    .newItemBuilder(RecordItem.Builder::new, RecordItem.Builder::build)
                    .addAttribute(String.class, a -> a.name("pk").getter(RecordItem::pk)
                            .setter(RecordItem.Builder::pk).tags(StaticAttributeTags.primaryPartitionKey()))
                    .addAttribute(String.class, a -> a.name("sk").getter(RecordItem::sk)
                            .setter(RecordItem.Builder::sk).tags(StaticAttributeTags.primarySortKey()))
                    .addAttribute(Long.class, a -> a.name("version").getter(RecordItem::version)
                            .setter(RecordItem.Builder::version))
                    .addAttribute(String.class, a -> a.name("data").getter(RecordItem::data)
                            .setter(RecordItem.Builder::data))
                    .build();

    private final TenantApiHandler api = new TenantApiHandler();
    private final DynamoDbTable<RecordItem> records;

    public EnhancedClientTenantApi() {
        Configuration config = Configuration.fromSystemEnvironment();
        String arn = config.tables().dataTableArn();
        records = DynamoDbEnhancedClient.builder()
                .dynamoDbClient(AwsClients.of(config).platformDynamoDb()).build()
                .table(arn.substring(arn.indexOf("table/") + "table/".length()), SCHEMA);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        api.handleRequest(input, output, context);
        RecordItem item = records.getItem(Key.builder().partitionValue("acme#orders").sortValue("REC#order-1001").build());
        if (item == null || !"REC#order-1001".equals(item.sk())) {
            throw new IllegalStateException("The enhanced client did not read the record");
        }
    }
}
