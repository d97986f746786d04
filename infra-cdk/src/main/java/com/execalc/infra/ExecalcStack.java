package com.execalc.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/** The Execalc Cloud system. */
public final class ExecalcStack extends Stack {

    private final Table registry;

    public ExecalcStack(Construct scope, String id) {
        this(scope, id, null);
    }

    public ExecalcStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        registry = Table.Builder.create(this, "TenantRegistry")
                .partitionKey(Attribute.builder().name("tenantId").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** The tenant registry table. */
    public Table registry() {
        return registry;
    }
}
