package com.execalc.infra;

import com.execalc.audit.AuditQueries;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSourceProps;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.logs.CfnQueryDefinition;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * From the audit table to each tenant's CloudWatch log group, and the saved queries over those groups.
 *
 * <p>The shipper reads the audit table's stream (new events only: the table is insert-only, and TTL expiries are
 * filtered out), reports partial batch failures, bisects a failing batch, retries a bounded number of times and then
 * records the failed batch's stream position in an SQS queue, which an alarm watches. Nothing is skipped silently,
 * and the audit table stays the record of truth from which a tenant's log group can be shipped again.
 */
public final class AuditPipeline extends Construct {

    /** Attempts per batch before its position goes to the failure queue. */
    public static final int RETRY_ATTEMPTS = 10;

    /** Records this old go to the failure queue unprocessed: the stream itself keeps records for 24 hours. */
    public static final Duration MAX_RECORD_AGE = Duration.hours(24);

    private final Queue shipperFailures;

    public AuditPipeline(Construct scope, String id, DataTables tables, ExecalcFunctions functions) {
        super(scope, id);
        shipperFailures = Queue.Builder.create(this, "ShipperFailures")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        functions.auditShipper().addEventSource(new DynamoEventSource(tables.audit(), DynamoEventSourceProps.builder()
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(100)
                .maxBatchingWindow(Duration.seconds(1))
                .parallelizationFactor(1) // keeps each shard's events in order
                .reportBatchItemFailures(true)
                .bisectBatchOnError(true)
                .retryAttempts(RETRY_ATTEMPTS)
                .maxRecordAge(MAX_RECORD_AGE)
                .onFailure(new SqsDlq(shipperFailures))
                .filters(List.of(FilterCriteria.filter(Map.of("eventName", FilterRule.isEqual("INSERT")))))
                .build()));

        // Saved without log groups: each tenant's group is created at onboarding, and a tenant's operators pick
        // their own group when they run a query (their IAM allows no other).
        int index = 0;
        for (AuditQueries.Query query : AuditQueries.all()) {
            CfnQueryDefinition.Builder.create(this, "Query" + index++)
                    .name(query.name())
                    .queryString(query.queryString())
                    .build();
        }
    }

    /** Where the positions of batches that exhausted their retries go. */
    public Queue shipperFailures() {
        return shipperFailures;
    }
}
