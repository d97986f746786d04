package com.execalc.infra;

import com.execalc.access.TenantKeys;
import com.execalc.audit.AuditTrail;
import com.execalc.controlplane.TenantRegistry;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.CfnTable;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The three DynamoDB tables: the tenant registry (platform data, keyed by {@code tenantId}, with its directory index) and the two tenant tables
 * whose partition key always leads with the tenant ({@code pk} + {@code sk}, see {@code com.execalc.access}).
 *
 * <p>All are on-demand, encrypted with the AWS managed key, recoverable to any second of the last 35 days, protected
 * from deletion and kept when the stack is deleted. The audit table expires events by {@value AuditTrail#EXPIRES_AT}
 * and streams each new event to the audit shipper.
 */
public final class DataTables extends Construct {

    private final Table registry;
    private final Table data;
    private final Table audit;

    public DataTables(Construct scope, String id) {
        super(scope, id);
        registry = table("TenantRegistryTable", Table.Builder.create(this, "TenantRegistry")
                .partitionKey(string(TenantRegistry.KEY)));
        // how the audit digester lists every tenant with a Query, never a Scan (TenantRegistry#directory)
        registry.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(TenantRegistry.DIRECTORY_INDEX)
                .partitionKey(string(TenantRegistry.DIRECTORY))
                .sortKey(string(TenantRegistry.KEY))
                .projectionType(ProjectionType.ALL)
                .build());
        data = table("TenantDataTable", Table.Builder.create(this, "TenantData")
                .partitionKey(string(TenantKeys.PARTITION_KEY)).sortKey(string(TenantKeys.SORT_KEY)));
        audit = table("AuditTable", Table.Builder.create(this, "Audit")
                .partitionKey(string(TenantKeys.PARTITION_KEY)).sortKey(string(TenantKeys.SORT_KEY))
                .timeToLiveAttribute(AuditTrail.EXPIRES_AT)
                .stream(StreamViewType.NEW_IMAGE));
    }

    private static Table table(String logicalId, Table.Builder builder) {
        Table table = builder
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        ((CfnTable) table.getNode().getDefaultChild()).overrideLogicalId(logicalId);
        return table;
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    /** The tenant registry: one item per tenant, keyed by {@code tenantId}. */
    public Table registry() {
        return registry;
    }

    /** Namespaces, records, executions and tenant policies. */
    public Table data() {
        return data;
    }

    /** The write-ahead audit trail, insert-only, with a TTL and a NEW_IMAGE stream. */
    public Table audit() {
        return audit;
    }
}
