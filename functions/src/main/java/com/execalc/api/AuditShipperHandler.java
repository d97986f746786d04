package com.execalc.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.execalc.audit.AuditShipper;
import com.execalc.audit.CloudWatchTenantLogWriters;
import com.execalc.audit.TenantLogWriter;
import com.execalc.governance.GlobalInvariants;
import com.execalc.observability.LogSink;
import com.execalc.observability.RequestOutcome;
import com.execalc.observability.Telemetry;
import com.execalc.wiring.AwsClients;
import com.execalc.wiring.Configuration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point of the audit shipper: a DynamoDB stream event from the audit table in, a partial batch response
 * ({@code batchItemFailures}) out, so that only what failed is retried; a tamper alert line for each change that is
 * neither an insert nor a TTL expiry.
 */
public final class AuditShipperHandler implements RequestStreamHandler {

    /** The function's name in metrics and logs. */
    public static final String FUNCTION = "audit-shipper";

    /** The {@code userIdentity.principalId} of a stream record of a removal by DynamoDB's TTL. */
    public static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

    private final AuditShipper shipper;
    private final Telemetry telemetry;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    /** Used by Lambda: reads the configuration from the environment. */
    public AuditShipperHandler() {
        this(Configuration.fromSystemEnvironment());
    }

    public AuditShipperHandler(Configuration config) {
        this(AwsClients.of(config));
    }

    // the function's wiring: one set of clients, over one HTTP client
    private AuditShipperHandler(AwsClients clients) {
        this(clients, LogSink.stdout(), writers(clients));
    }

    /** A shipper writing to {@code writers}: the local stack's files, or a test's in-memory log groups. */
    public AuditShipperHandler(Configuration config, LogSink logs, TenantLogWriter.Factory writers) {
        this(AwsClients.of(config), logs, writers);
    }

    private AuditShipperHandler(AwsClients clients, LogSink logs, TenantLogWriter.Factory writers) {
        this(new AuditShipper(clients.tenantAccess(), writers,
                Duration.ofDays(GlobalInvariants.v1().settings().auditRetentionDays()), Clock.systemUTC()),
                new Telemetry(logs, FUNCTION), Clock.systemUTC());
    }

    public AuditShipperHandler(AuditShipper shipper, Telemetry telemetry, Clock clock) {
        this.shipper = shipper;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    private static TenantLogWriter.Factory writers(AwsClients clients) {
        Configuration config = clients.configuration();
        return new CloudWatchTenantLogWriters(clients.sts(), clients.logs(), config.tenantLogRoleArn(),
                config.tenantLogGroupPrefix());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context lambda) {
        long started = System.nanoTime();
        List<AuditShipper.StreamRecord> records = records(input);
        AuditShipper.Result result = shipper.ship(records, lambda.getAwsRequestId());
        result.tampering().forEach(tampering -> telemetry.auditTampering(tampering.eventName(), tampering.tenantId(),
                tampering.partitionKey(), tampering.sortKey(), tampering.sequenceNumber(), clock.instant()));
        List<String> failed = result.failed();
        ObjectNode response = json.createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        failed.forEach(sequenceNumber -> failures.addObject().put("itemIdentifier", sequenceNumber));
        try {
            json.writeValue(output, response);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the batch response failed", e);
        }
        RequestOutcome outcome = new RequestOutcome();
        outcome.route("SHIP");
        outcome.decision(failed.isEmpty() ? "ALLOW" : "PARTIAL");
        telemetry.request(outcome, lambda.getAwsRequestId(), failed.isEmpty() ? 200 : 207,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), clock.instant());
    }

    private List<AuditShipper.StreamRecord> records(InputStream input) {
        JsonNode event;
        try {
            event = json.readTree(input);
        } catch (IOException e) {
            throw new UncheckedIOException("The stream event is not JSON", e);
        }
        List<AuditShipper.StreamRecord> records = new ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            JsonNode dynamodb = record.path("dynamodb");
            JsonNode identity = record.path("userIdentity");
            // how DynamoDB Streams marks a removal by TTL; any other removal is someone's
            boolean expiredByTtl = "Service".equals(identity.path("type").asText(null))
                    && TTL_PRINCIPAL.equals(identity.path("principalId").asText(null));
            records.add(new AuditShipper.StreamRecord(dynamodb.path("SequenceNumber").asText(),
                    record.path("eventName").asText(""), image(dynamodb.path("Keys")),
                    image(dynamodb.path("NewImage")), expiredByTtl));
        }
        return records;
    }

    /** An item image in DynamoDB's JSON, as the SDK's attribute values. */
    private static Map<String, AttributeValue> image(JsonNode image) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        image.fields().forEachRemaining(field -> item.put(field.getKey(), value(field.getValue())));
        return item;
    }

    private static AttributeValue value(JsonNode typed) {
        Map.Entry<String, JsonNode> only = typed.fields().next();
        JsonNode value = only.getValue();
        return switch (only.getKey()) {
            case "S" -> AttributeValue.fromS(value.asText());
            case "N" -> AttributeValue.fromN(value.asText());
            case "BOOL" -> AttributeValue.fromBool(value.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(value.asText())));
            case "M" -> AttributeValue.fromM(image(value));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                value.forEach(element -> list.add(value(element)));
                yield AttributeValue.fromL(list);
            }
            case "SS" -> AttributeValue.fromSs(texts(value));
            case "NS" -> AttributeValue.fromNs(texts(value));
            default -> throw new IllegalArgumentException("Unknown DynamoDB type " + only.getKey());
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
