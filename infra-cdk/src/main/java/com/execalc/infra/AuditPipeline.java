package com.execalc.infra;

import com.execalc.api.AuditShipperHandler;
import com.execalc.audit.AuditQueries;
import com.execalc.audit.AuditShipper;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * From the audit table to each tenant's CloudWatch log group, and the saved queries over those groups.
 *
 * <p>The shipper reads the audit table's stream (new events to ship, and any change or removal other than a TTL
 * expiry, which it reports as tampering: the table is insert-only), reports partial batch failures, bisects a failing batch, retries a bounded number of times and then
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
                .filters(deliveredChanges())
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

    /**
     * What the stream delivers to the shipper: every insert (new events to ship), every change of an existing item,
     * and every removal except TTL's (a removal by TTL carries {@code userIdentity} {type Service, principalId
     * dynamodb.amazonaws.com}; any other carries none). The last two are tamper alerts: the table is insert-only.
     * Filters are ORed; Lambda allows five.
     */
    static List<Map<String, Object>> deliveredChanges() {
        return List.of(
                FilterCriteria.filter(Map.of("eventName", FilterRule.or(AuditShipper.INSERT, AuditShipper.MODIFY))),
                FilterCriteria.filter(removals("type", FilterRule.notExists())),
                FilterCriteria.filter(removals("principalId", FilterRule.notEquals(AuditShipperHandler.TTL_PRINCIPAL))));
    }

    /** Removals whose {@code userIdentity} field matches {@code rule}, in a fixed order for a stable template. */
    private static Map<String, Object> removals(String identityField, Object rule) {
        Map<String, Object> pattern = new LinkedHashMap<>();
        pattern.put("eventName", FilterRule.isEqual(AuditShipper.REMOVE));
        pattern.put("userIdentity", Map.of(identityField, rule));
        return pattern;
    }

    /** Where the positions of batches that exhausted their retries go. */
    public Queue shipperFailures() {
        return shipperFailures;
    }
}
