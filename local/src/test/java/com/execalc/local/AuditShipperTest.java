package com.execalc.local;

import com.execalc.api.AuditShipperHandler;
import com.execalc.wiring.AwsClients;
import com.execalc.access.TenantAccess;
import com.execalc.audit.AuditEvent;
import com.execalc.audit.AuditShipper;
import com.execalc.audit.AuditTrail;
import com.execalc.audit.EventIds;
import com.execalc.audit.RequestAudit;
import com.execalc.audit.TenantLogWriter;
import com.execalc.governance.Action;
import com.execalc.governance.GlobalInvariants;
import com.execalc.governance.GovernanceEngine;
import com.execalc.governance.Permit;
import com.execalc.governance.RequestFacts;
import com.execalc.observability.Telemetry;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit shipper's logic with stream events built from real audit items in dynalite (its ledger lives there too) and
 * log groups kept in memory, one per tenant, as CloudWatch Logs would hold them.
 */
@ExtendWith(LocalCloudExtension.class)
class AuditShipperTest {

    /** In-memory tenant log groups; a writer is bound to its context's tenant, and a tenant can be made to fail. */
    static final class RecordingLogGroups implements TenantLogWriter.Factory {
        final Map<String, List<String>> groups = new HashMap<>();
        final Map<String, Integer> retention = new HashMap<>();
        final Set<String> failing = new HashSet<>();
        /** Tenants whose next retention change fails, once. */
        final Set<String> failingRetentionOnce = new HashSet<>();
        /** Runs before the next retention change lands, once: another invocation of the shipper, say. */
        Runnable beforeNextRetention = () -> { };

        @Override
        public TenantLogWriter forTenant(ExecutionContext context) {
            String tenant = context.tenantId().value();
            return new TenantLogWriter() {
                @Override
                public void ensureStream(String stream) {
                    groups.computeIfAbsent(tenant, ignored -> new ArrayList<>());
                }

                @Override
                public void put(String stream, List<LogLine> lines) {
                    if (failing.contains(tenant)) {
                        throw new IllegalStateException("CloudWatch Logs refused " + tenant);
                    }
                    lines.forEach(line -> groups.computeIfAbsent(tenant, ignored -> new ArrayList<>()).add(line.message()));
                }

                @Override
                public void setRetention(int days) {
                    if (failingRetentionOnce.remove(tenant)) {
                        throw new IllegalStateException("CloudWatch Logs refused the retention of " + tenant);
                    }
                    Runnable before = beforeNextRetention;
                    beforeNextRetention = () -> { };
                    before.run();
                    retention.put(tenant, days);
                }
            };
        }

        List<String> eventIds(String tenant) {
            List<String> ids = new ArrayList<>();
            for (String line : groups.getOrDefault(tenant, List.of())) {
                try {
                    ids.add(new ObjectMapper().readTree(line).get("eventId").asText());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return ids;
        }
    }

    private final LocalCloud stack;
    private final ObjectMapper json = new ObjectMapper();
    private final RecordingLogGroups logGroups = new RecordingLogGroups();
    /** The shipper's own log lines, as CloudWatch would receive them. */
    private final List<String> shipperLines = new CopyOnWriteArrayList<>();
    private final AuditShipperHandler shipper;
    private final TenantAccess access;
    private String acme;
    private String globex;

    AuditShipperTest(LocalCloud stack) {
        this.stack = stack;
        this.access = AwsClients.of(stack.functionConfiguration()).tenantAccess();
        this.shipper = new AuditShipperHandler(new AuditShipper(access, logGroups,
                Duration.ofDays(365), Clock.systemUTC()), new Telemetry(shipperLines::add, "audit-shipper"),
                Clock.systemUTC());
    }

    /**
     * Two tenants with three audit events each, written by the functions' own audit code but not through the gateway,
     * so that the local stack's stand-in stream has not shipped them already.
     */
    @BeforeEach
    void twoTenantsWithHistory() {
        acme = ApiClient.uniqueTenant("acme");
        globex = ApiClient.uniqueTenant("globex");
        for (String tenant : List.of(acme, globex)) {
            for (String action : List.of("namespace.create", "record.put", "record.get")) {
                writeEvent(tenant, action, Map.of());
            }
        }
    }

    private void writeEvent(String tenant, String action, Map<String, String> details) {
        writeEvent(tenant, action, details, AuditShards.one());
    }

    private void writeEvent(String tenant, String action, Map<String, String> details, AuditShards shards) {
        writeEvent(tenant, action, details, shards, true);
    }

    private void writeEvent(String tenant, String action, Map<String, String> details, AuditShards shards,
                            boolean allowed) {
        TenantContext member = new TenantContext(TenantId.of(tenant), "admin-of-" + tenant, Set.of(TenantRole.ADMIN),
                "req-" + UUID.randomUUID(), shards);
        try (ExecutionContext context = ExecutionContext.open(member, null, Instant.now())) {
            RequestAudit audit = new RequestAudit(access.open(context), new EventIds(), Clock.systemUTC(), action,
                    AuditEvent.ActorType.MEMBER, Duration.ofDays(365), event -> { });
            if (allowed) {
                audit.allow(permit(member, action));
            } else {
                audit.deny("ROLE_DENIES_ACTION");
            }
            details.forEach(audit::detail);
            audit.complete(allowed ? 200 : 403, null);
        }
    }

    /** What the tenant API gets from governance for a member's allowed request: the permit its writes need. */
    private static Permit permit(TenantContext member, String action) {
        return new GovernanceEngine().permit(member, Action.fromWireName(action).orElseThrow(), RequestFacts.none(),
                GlobalInvariants.v1().settings());
    }

    private List<Map<String, AttributeValue>> eventsOf(String tenant) {
        return AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), tenant);
    }

    /** A stream event with the given items as INSERT records, numbered in order. */
    private ObjectNode streamEvent(List<Map<String, AttributeValue>> items) {
        ObjectNode event = json.createObjectNode();
        ArrayNode records = event.putArray("Records");
        int sequence = 100;
        for (Map<String, AttributeValue> item : items) {
            ObjectNode dynamodb = records.addObject().put("eventName", "INSERT").putObject("dynamodb");
            dynamodb.put("SequenceNumber", Integer.toString(sequence++));
            dynamodb.set("NewImage", DynamoDbJson.image(item, json));
        }
        return event;
    }

    private JsonNode ship(JsonNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        shipper.handleRequest(new ByteArrayInputStream(json.writeValueAsBytes(event)), out,
                new LocalLambdaContext("batch-1", "audit-shipper", null));
        return json.readTree(out.toByteArray());
    }

    private static List<Map<String, AttributeValue>> interleave(List<Map<String, AttributeValue>> a,
                                                                List<Map<String, AttributeValue>> b) {
        List<Map<String, AttributeValue>> mixed = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                mixed.add(a.get(i));
            }
            if (i < b.size()) {
                mixed.add(b.get(i));
            }
        }
        return mixed;
    }

    private static List<String> ids(List<Map<String, AttributeValue>> items) {
        return items.stream().map(item -> item.get("eventId").s()).toList();
    }

    @Test
    void aMixedBatch_shouldShipEachEventToItsOwnTenantsGroupOnly() throws IOException {
        JsonNode response = ship(streamEvent(interleave(eventsOf(acme), eventsOf(globex))));

        assertThat(response.get("batchItemFailures")).isEmpty();
        assertThat(logGroups.eventIds(acme)).containsExactlyElementsOf(ids(eventsOf(acme)));
        assertThat(logGroups.eventIds(globex)).containsExactlyElementsOf(ids(eventsOf(globex)));
        assertThat(String.join("\n", logGroups.groups.get(acme))).doesNotContain(globex);
        assertThat(String.join("\n", logGroups.groups.get(globex))).doesNotContain(acme);
    }

    @Test
    void oneTenantsFailure_shouldNeitherDropNorMisrouteAnothersEvents() throws IOException {
        List<Map<String, AttributeValue>> batch = interleave(eventsOf(acme), eventsOf(globex));
        logGroups.failing.add(acme);

        JsonNode response = ship(streamEvent(batch));

        List<String> failed = new ArrayList<>();
        response.get("batchItemFailures").forEach(failure -> failed.add(failure.get("itemIdentifier").asText()));
        List<String> acmeSequenceNumbers = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).get("pk").s().equals(acme)) {
                acmeSequenceNumbers.add(Integer.toString(100 + i));
            }
        }
        assertThat(failed).containsExactlyInAnyOrderElementsOf(acmeSequenceNumbers);
        assertThat(logGroups.eventIds(acme)).isEmpty();
        assertThat(logGroups.eventIds(globex)).containsExactlyElementsOf(ids(eventsOf(globex)));
    }

    @Test
    void aRetriedBatch_shouldShipEveryEventExactlyOnce() throws IOException {
        ObjectNode batch = streamEvent(interleave(eventsOf(acme), eventsOf(globex)));
        logGroups.failing.add(acme);
        ship(batch);
        logGroups.failing.clear();

        JsonNode retry = ship(batch);
        JsonNode again = ship(batch);

        assertThat(retry.get("batchItemFailures")).isEmpty();
        assertThat(again.get("batchItemFailures")).isEmpty();
        assertThat(logGroups.eventIds(acme)).containsExactlyElementsOf(ids(eventsOf(acme))).doesNotHaveDuplicates();
        assertThat(logGroups.eventIds(globex)).containsExactlyElementsOf(ids(eventsOf(globex))).doesNotHaveDuplicates();
    }

    @Test
    void ledgerEntriesAndExpiries_shouldNotBeShipped() throws IOException {
        ship(streamEvent(eventsOf(acme)));
        List<Map<String, AttributeValue>> ledger = stack.adminDynamoDb().query(query -> query
                .tableName(stack.tables().audit())
                .keyConditionExpression("pk = :pk AND begins_with(sk, :ledger)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(acme),
                        ":ledger", AttributeValue.fromS("#SHIPPED#")))).items();
        ObjectNode event = streamEvent(ledger);
        ObjectNode expiry = event.withArray("Records").addObject().put("eventName", "REMOVE");
        expiry.putObject("userIdentity").put("type", "Service").put("principalId", "dynamodb.amazonaws.com");
        expiry.putObject("dynamodb").put("SequenceNumber", "999");
        int before = logGroups.eventIds(acme).size();

        JsonNode response = ship(event);

        assertThat(ledger).hasSameSizeAs(eventsOf(acme));
        assertThat(response.get("batchItemFailures")).isEmpty();
        assertThat(logGroups.eventIds(acme)).hasSize(before);
        assertThat(tamperAlerts()).isEmpty();
    }

    @Test
    void anItemWhosePartitionIsNotATenant_shouldBeRetriedRatherThanGuessed() throws IOException {
        Map<String, AttributeValue> forged = new HashMap<>(eventsOf(acme).get(0));
        forged.put("pk", AttributeValue.fromS("acme#orders"));

        JsonNode response = ship(streamEvent(List.of(forged)));

        assertThat(response.get("batchItemFailures")).hasSize(1);
        assertThat(logGroups.groups).isEmpty();
    }

    @Test
    void aShardedTenantsEvents_shouldShipFromEveryShard_withEachLedgerEntryInItsOwnEventsShard() throws IOException {
        String big = ApiClient.uniqueTenant("big");
        for (int i = 0; i < 40; i++) {
            writeEvent(big, "record.put", Map.of(), AuditShards.of(4));
        }
        Map<String, List<Map<String, AttributeValue>>> byShard = AuditItems.eventsByShard(stack.adminDynamoDb(),
                stack.tables().audit(), big);

        JsonNode response = ship(streamEvent(eventsOf(big)));

        assertThat(response.get("batchItemFailures")).isEmpty();
        assertThat(logGroups.eventIds(big)).containsExactlyElementsOf(ids(eventsOf(big))).hasSize(40);
        byShard.forEach((partition, events) -> assertThat(AuditItems.ledger(stack.adminDynamoDb(),
                stack.tables().audit(), partition)).as(partition)
                .extracting(entry -> entry.get("sk").s())
                .containsExactlyInAnyOrderElementsOf(ids(events).stream().map(id -> "#SHIPPED#" + id).toList()));
        assertThat(byShard.entrySet()).filteredOn(shard -> !shard.getValue().isEmpty())
                .extracting(Map.Entry::getKey).containsExactlyInAnyOrder(big, big + "#a1", big + "#a2", big + "#a3");
    }

    @Test
    void aShardedTenantsRetriedBatch_shouldShipEveryEventExactlyOnce() throws IOException {
        String big = ApiClient.uniqueTenant("big");
        for (int i = 0; i < 20; i++) {
            writeEvent(big, "record.get", Map.of(), AuditShards.of(3));
        }
        ObjectNode batch = streamEvent(eventsOf(big));

        ship(batch);
        JsonNode again = ship(batch);

        assertThat(again.get("batchItemFailures")).isEmpty();
        assertThat(logGroups.eventIds(big)).containsExactlyElementsOf(ids(eventsOf(big))).doesNotHaveDuplicates();
    }

    @Test
    void anItemInAShardPartitionThatNoCountMakes_shouldBeRetriedRatherThanGuessed() throws IOException {
        List<Map<String, AttributeValue>> forged = new ArrayList<>();
        for (String partition : List.of(acme + "#a0", acme + "#a03", acme + "#a16", acme + "#b1", acme + "#a")) {
            Map<String, AttributeValue> item = new HashMap<>(eventsOf(acme).get(0));
            item.put("pk", AttributeValue.fromS(partition));
            forged.add(item);
        }

        JsonNode response = ship(streamEvent(forged));

        assertThat(response.get("batchItemFailures")).hasSize(5);
        assertThat(logGroups.groups).isEmpty();
    }

    @Test
    void anItemThatNamesAnotherTenantThanItsPartition_shouldBeRetriedRatherThanMisrouted() throws IOException {
        Map<String, AttributeValue> confused = new HashMap<>(eventsOf(acme).get(0));
        confused.put("tenantId", AttributeValue.fromS(globex));

        JsonNode response = ship(streamEvent(List.of(confused)));

        assertThat(response.get("batchItemFailures")).hasSize(1);
        assertThat(logGroups.eventIds(globex)).isEmpty();
        assertThat(logGroups.eventIds(acme)).isEmpty();
    }

    @Test
    void aLongerRetentionInAPolicyChange_shouldReachTheTenantsLogGroup() throws IOException {
        writeEvent(acme, "policy.put", Map.of("previousPolicy", "{}", "newPolicy", "{\"auditRetentionDays\":800}"));

        ship(streamEvent(eventsOf(acme)));

        assertThat(logGroups.retention).containsEntry(acme, 800).doesNotContainKey(globex);
    }

    /** The details of a policy change whose new policy keeps events {@code days}. */
    private static Map<String, String> policyChange(int days) {
        return Map.of("previousPolicy", "{}", "newPolicy", "{\"auditRetentionDays\":" + days + "}");
    }

    /** The tenant's events written since the first {@code skip}: what a later stream batch holds. */
    private List<Map<String, AttributeValue>> eventsAfter(String tenant, int skip) {
        List<Map<String, AttributeValue>> events = eventsOf(tenant);
        return events.subList(skip, events.size());
    }

    @Test
    void anOrdinaryBatchAfterARetentionRaise_shouldNeverLowerTheTenantsLogGroup() throws IOException {
        writeEvent(acme, "policy.put", policyChange(3650));
        ship(streamEvent(eventsOf(acme)));
        int shipped = eventsOf(acme).size();
        writeEvent(acme, "record.get", Map.of());
        writeEvent(acme, "record.put", Map.of());

        JsonNode response = ship(streamEvent(eventsAfter(acme, shipped)));

        assertThat(response.get("batchItemFailures")).isEmpty();
        assertThat(logGroups.eventIds(acme)).hasSize(shipped + 2);
        assertThat(logGroups.retention).containsEntry(acme, 3650);
    }

    @Test
    void aBatchWithoutAnAllowedPolicyChangeAskingForLonger_shouldLeaveTheRetentionAlone() throws IOException {
        writeEvent(acme, "policy.put", policyChange(5000), AuditShards.one(), false);  // denied
        writeEvent(acme, "policy.put", policyChange(30));                             // shorter than the global
        writeEvent(acme, "policy.get", Map.of("newPolicy", "{\"auditRetentionDays\":4000}")); // not a change

        JsonNode response = ship(streamEvent(interleave(eventsOf(acme), eventsOf(globex))));

        assertThat(response.get("batchItemFailures")).isEmpty();
        assertThat(logGroups.eventIds(acme)).hasSize(6);
        assertThat(logGroups.retention).isEmpty();
    }

    /** Marks a retention of the tenant, as an allowed policy change does before its event is written. */
    private void markRetention(String tenant, int days) {
        TenantContext member = new TenantContext(TenantId.of(tenant), "admin-of-" + tenant, Set.of(TenantRole.ADMIN),
                "req-" + UUID.randomUUID());
        try (ExecutionContext context = ExecutionContext.open(member, null, Instant.now())) {
            AuditTrail.markRetention(access.open(context), permit(member, "policy.put"), days);
        }
    }

    /** A policy change as the tenant API makes it: its retention mark, then its event. */
    private void changePolicy(String tenant, int days) {
        markRetention(tenant, days);
        writeEvent(tenant, "policy.put", policyChange(days));
    }

    @Test
    void aRetriedBatch_shouldStillRaiseTheRetention_whenItsFirstAttemptFailedToSetIt() throws IOException {
        changePolicy(acme, 3650);
        ObjectNode batch = streamEvent(eventsOf(acme));
        logGroups.failingRetentionOnce.add(acme);

        JsonNode first = ship(batch);
        JsonNode retry = ship(batch);

        assertThat(first.get("batchItemFailures")).hasSize(eventsOf(acme).size());
        assertThat(retry.get("batchItemFailures")).isEmpty();
        assertThat(logGroups.retention).containsEntry(acme, 3650);
        assertThat(logGroups.eventIds(acme)).containsExactlyElementsOf(ids(eventsOf(acme))).doesNotHaveDuplicates();
    }

    @Test
    void anOlderPolicyChangeShippedAfterANewerOne_shouldNotLowerTheRetention() throws IOException {
        changePolicy(acme, 730);
        int older = eventsOf(acme).size();
        changePolicy(acme, 3650);
        List<Map<String, AttributeValue>> events = eventsOf(acme);

        ship(streamEvent(events.subList(older, events.size())));
        ship(streamEvent(events.subList(0, older)));

        assertThat(logGroups.retention).containsEntry(acme, 3650);
    }

    @Test
    void aLongerRetentionSetConcurrently_shouldWin_evenWhenThisBatchsShorterOneLandsAfterIt() throws IOException {
        changePolicy(acme, 730);
        // another invocation ships a newer change of 3,650 days, and its set lands just before this batch's
        logGroups.beforeNextRetention = () -> {
            changePolicy(acme, 3650);
            logGroups.retention.put(acme, 3650);
        };

        ship(streamEvent(eventsOf(acme)));

        assertThat(logGroups.retention).containsEntry(acme, 3650);
    }

    /** A stream record of a change to an existing item: its keys, its new image (none for a removal), and who. */
    private ObjectNode change(String eventName, Map<String, AttributeValue> item, boolean withImage,
                              String identityType, String principalId) {
        ObjectNode event = json.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject().put("eventName", eventName);
        if (identityType != null) {
            record.putObject("userIdentity").put("type", identityType).put("principalId", principalId);
        }
        ObjectNode dynamodb = record.putObject("dynamodb").put("SequenceNumber", "777");
        dynamodb.set("Keys", DynamoDbJson.image(Map.of("pk", item.get("pk"), "sk", item.get("sk")), json));
        if (withImage) {
            dynamodb.set("NewImage", DynamoDbJson.image(item, json));
        }
        return event;
    }

    /** The shipper's tamper alert lines. */
    private List<JsonNode> tamperAlerts() {
        List<JsonNode> alerts = new ArrayList<>();
        for (String line : shipperLines) {
            try {
                JsonNode node = json.readTree(line);
                if ("tamper".equals(node.path("type").asText())) {
                    alerts.add(node);
                }
            } catch (IOException e) {
                throw new IllegalStateException("A log line is not JSON: " + line, e);
            }
        }
        return alerts;
    }

    @Test
    void aChangedAuditEvent_shouldRaiseATamperAlert_andNeverBeShipped() throws IOException {
        Map<String, AttributeValue> rewritten = new HashMap<>(eventsOf(acme).get(0));
        rewritten.put("decision", AttributeValue.fromS("DENY"));

        JsonNode response = ship(change("MODIFY", rewritten, true, null, null));

        assertThat(response.get("batchItemFailures")).isEmpty();
        assertThat(logGroups.groups).isEmpty();
        assertThat(tamperAlerts()).singleElement().satisfies(alert -> {
            assertThat(alert.get("eventName").asText()).isEqualTo("MODIFY");
            assertThat(alert.get("tenantId").asText()).isEqualTo(acme);
            assertThat(alert.get("pk").asText()).isEqualTo(acme);
            assertThat(alert.get("sk").asText()).isEqualTo(rewritten.get("sk").s());
            assertThat(alert.get("AuditTamper").asInt()).isEqualTo(1);
            assertThat(alert.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText()).isEqualTo("AuditTamper");
            assertThat(alert.toString()).doesNotContain("DENY");
        });
    }

    @Test
    void aRemovedAuditEventOrLedgerEntry_shouldRaiseATamperAlert() throws IOException {
        ship(streamEvent(eventsOf(acme)));
        Map<String, AttributeValue> event = eventsOf(acme).get(1);
        Map<String, AttributeValue> ledgerEntry = Map.of("pk", event.get("pk"),
                "sk", AttributeValue.fromS("#SHIPPED#" + event.get("eventId").s()));

        ship(change("REMOVE", event, false, null, null));
        ship(change("REMOVE", ledgerEntry, false, null, null));
        ship(change("REMOVE", event, false, "Service", "someone-else.amazonaws.com"));

        assertThat(tamperAlerts()).extracting(alert -> alert.get("eventName").asText() + " " + alert.get("sk").asText())
                .containsExactly("REMOVE " + event.get("sk").s(), "REMOVE #SHIPPED#" + event.get("eventId").s(),
                        "REMOVE " + event.get("sk").s());
    }

    @Test
    void aRemovalByTheTableTtl_shouldRaiseNoAlert() throws IOException {
        JsonNode response = ship(change("REMOVE", eventsOf(acme).get(0), false, "Service", "dynamodb.amazonaws.com"));

        assertThat(response.get("batchItemFailures")).isEmpty();
        assertThat(tamperAlerts()).isEmpty();
    }

    @Test
    void aRecordOfAnUnknownKindOfChange_shouldBeRetriedRatherThanGuessed() throws IOException {
        JsonNode response = ship(change("UPSERT", eventsOf(acme).get(0), true, null, null));

        assertThat(response.get("batchItemFailures")).extracting(failure -> failure.get("itemIdentifier").asText())
                .containsExactly("777");
        assertThat(logGroups.groups).isEmpty();
        assertThat(tamperAlerts()).isEmpty();
    }

    @Test
    void theSampleStreamEvent_shouldBeUnderstood() throws IOException {
        try (InputStream sample = Files.newInputStream(RepositoryRoot.find().resolve("events/audit-shipper-stream.json"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            shipper.handleRequest(sample, out, new LocalLambdaContext("sample", "audit-shipper", null));

            assertThat(json.readTree(out.toByteArray()).get("batchItemFailures")).isEmpty();
        }
        assertThat(logGroups.eventIds("acme")).contains("01JDQ3ZT5RZ8N3M2V6Q7W8X9Y0");
        assertThat(logGroups.eventIds("globex")).contains("01JDQ3ZT6AB7C8D9E0F1G2H3J4");
    }
}
