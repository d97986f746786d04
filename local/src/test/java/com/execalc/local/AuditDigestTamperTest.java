package com.execalc.local;

import com.execalc.access.TenantKeys;
import com.execalc.digest.AuditDigester;
import com.execalc.tenancy.TenantId;
import com.execalc.digest.AuditDigests;
import com.execalc.digest.LocalDigestSigner;
import com.execalc.verify.TrailVerification;
import com.execalc.verify.VerifyAudit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier against real trails in dynalite: a clean trail of several periods and shards verifies, and each change
 * an insider could make with the platform's own credentials (the stack's admin client, which no guard limits) is
 * caught and named: an altered field, a removed event, a back-dated event, a changed TTL, a removed digest, two
 * digests swapped. Each test digests a fresh tenant of four shards over periods of one second.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditDigestTamperTest {

    private static final Duration PERIOD = DigestedTrails.PERIOD;

    private final LocalCloud stack;
    private final ApiClient api;
    private final DynamoDbClient insider;
    private final Path archiveRoot;
    private final DigestedTrails trails;

    AuditDigestTamperTest(LocalCloud stack, OpenApiContract contract) throws java.io.IOException {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri(), contract);
        this.insider = stack.adminDynamoDb();
        this.archiveRoot = Files.createTempDirectory("execalc-digests");
        this.trails = new DigestedTrails(stack, api, LocalDigestSigner.ephemeral(), archiveRoot);
    }

    /** A digested trail: its tenant, an admin's token, and when it began. */
    private record Trail(String tenant, String admin, Instant since) {
    }

    /** A premium tenant (four shards) with requests in three periods, every closed period digested. */
    private Trail digestedTrail(String prefix) throws InterruptedException {
        String tenant = trails.tenantWithRequests(prefix, 3);
        trails.digest(tenant);
        return new Trail(tenant, api.token(tenant, "alice", "admin"), Instant.now().minusSeconds(120));
    }

    private TrailVerification.Report verify(Trail trail) {
        return new VerifyAudit(stack.baseUri(), trail.admin()).verify(trail.since(), Instant.now(), Optional.empty());
    }

    /** The items of one audit partition whose sort key starts with {@code prefix}, in sort key order. */
    private List<Map<String, AttributeValue>> items(String partition, String prefix) {
        QueryResponse response = insider.query(query -> query.tableName(stack.tables().audit())
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition),
                        ":prefix", AttributeValue.fromS(prefix))));
        return response.items();
    }

    /** A record.put event from the middle of the trail, of the first shard that holds some (shards are random). */
    private Map<String, AttributeValue> anEvent(Trail trail) {
        for (int shard = 0; shard < 4; shard++) {
            List<Map<String, AttributeValue>> events = items(TenantKeys.auditPartitionKey(TenantId.of(trail.tenant()),
                    shard), "01").stream().filter(item -> item.get("action").s().equals("record.put")).toList();
            if (!events.isEmpty()) {
                return events.get(events.size() / 2);
            }
        }
        throw new AssertionError("The trail holds no record.put");
    }

    /** How the verifier names the shard and period of an event. */
    private static String shardAndPeriodOf(Map<String, AttributeValue> event) {
        int shard = TenantKeys.readAuditPartition(event.get("pk").s()).orElseThrow().shard();
        return "shard " + shard + " " + periodOf(event.get("eventId").s());
    }

    private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
        return Map.of("pk", item.get("pk"), "sk", item.get("sk"));
    }

    private static String periodOf(String eventId) {
        Instant time = com.execalc.audit.EventIds.timeOf(eventId);
        return "period [" + Instant.ofEpochSecond(time.getEpochSecond()) + ", ";
    }

    @Test
    void aCleanTrailOfSeveralPeriodsAndShards_shouldVerify() throws InterruptedException {
        Trail trail = digestedTrail("digest-clean");

        TrailVerification.Report report = verify(trail);

        assertThat(report.failures()).isEmpty();
        assertThat(report.checked()).anyMatch(line -> line.startsWith("shard 3: "))
                .anyMatch(line -> line.matches("20 of 20 events lie inside exactly one digest.*"))
                .anyMatch(line -> line.matches("(\\d+) of \\1 digests carry a valid signature.*"));
    }

    @Test
    void anAlteredField_shouldBeCaught_namingItsShardAndPeriod() throws InterruptedException {
        Trail trail = digestedTrail("digest-altered");
        Map<String, AttributeValue> event = anEvent(trail);

        insider.updateItem(update -> update.tableName(stack.tables().audit()).key(key(event))
                .updateExpression("SET #resource = :forged").expressionAttributeNames(Map.of("#resource", "resource"))
                .expressionAttributeValues(Map.of(":forged", AttributeValue.fromS("orders/forged"))));
        TrailVerification.Report report = verify(trail);

        assertThat(report.failures()).singleElement().asString()
                .startsWith(shardAndPeriodOf(event))
                .contains("an event was altered").contains(event.get("eventId").s());
    }

    @Test
    void aRemovedEvent_shouldBeCaught_namingItsShardAndPeriod() throws InterruptedException {
        Trail trail = digestedTrail("digest-removed");
        Map<String, AttributeValue> event = anEvent(trail);

        insider.deleteItem(delete -> delete.tableName(stack.tables().audit()).key(key(event)));
        TrailVerification.Report report = verify(trail);

        assertThat(report.failures()).singleElement().asString()
                .startsWith(shardAndPeriodOf(event))
                .contains("an event was removed");
    }

    @Test
    void aBackDatedEvent_shouldBeCaught_namingItsShardAndPeriod() throws InterruptedException {
        Trail trail = digestedTrail("digest-backdated");
        Map<String, AttributeValue> event = anEvent(trail);
        String forgedId = event.get("eventId").s().substring(0, 10) + "ZZZZZZZZZZZZZZZZ";
        Map<String, AttributeValue> forged = new HashMap<>(event);
        forged.put("sk", AttributeValue.fromS(forgedId));
        forged.put("eventId", AttributeValue.fromS(forgedId));
        forged.put("requestId", AttributeValue.fromS("forged-request"));

        insider.putItem(put -> put.tableName(stack.tables().audit()).item(forged));
        TrailVerification.Report report = verify(trail);

        assertThat(report.failures()).singleElement().asString()
                .startsWith(shardAndPeriodOf(forged))
                .contains("an event was added").contains(forgedId);
    }

    @Test
    void aChangedTtl_shouldBeCaught_namingItsShardAndPeriod() throws InterruptedException {
        Trail trail = digestedTrail("digest-ttl");
        Map<String, AttributeValue> event = anEvent(trail);

        insider.updateItem(update -> update.tableName(stack.tables().audit()).key(key(event))
                .updateExpression("SET expiresAt = :sooner")
                .expressionAttributeValues(Map.of(":sooner", AttributeValue.fromN(Long.toString(
                        Instant.now().plusSeconds(3600).getEpochSecond())))));
        TrailVerification.Report report = verify(trail);

        assertThat(report.failures()).singleElement().asString()
                .startsWith(shardAndPeriodOf(event))
                .contains("an event was altered");
    }

    @Test
    void aRemovedDigest_shouldBeCaught_namingTheMissingPeriod() throws InterruptedException {
        Trail trail = digestedTrail("digest-gone");
        List<Map<String, AttributeValue>> digests = items(trail.tenant(), AuditDigests.DIGEST_PREFIX);
        Map<String, AttributeValue> removed = digests.get(digests.size() / 2);
        Instant start = Instant.ofEpochSecond(Long.parseLong(removed.get("sk").s()
                .substring(AuditDigests.DIGEST_PREFIX.length())));

        insider.deleteItem(delete -> delete.tableName(stack.tables().audit()).key(key(removed)));
        TrailVerification.Report report = verify(trail);

        assertThat(report.failures()).anyMatch(failure -> failure.startsWith("shard 0: no digest for [" + start + ", "
                + start.plus(PERIOD) + ")") && failure.contains("a digest is missing"));
    }

    @Test
    void twoSwappedDigests_shouldBeCaught_asOutOfOrder() throws InterruptedException {
        Trail trail = digestedTrail("digest-swapped");
        List<Map<String, AttributeValue>> digests = items(trail.tenant(), AuditDigests.DIGEST_PREFIX);
        Map<String, AttributeValue> first = new HashMap<>(digests.get(digests.size() / 2));
        Map<String, AttributeValue> second = new HashMap<>(digests.get(digests.size() / 2 + 1));
        AttributeValue firstDocument = first.get("document");
        first.put("document", second.get("document"));
        second.put("document", firstDocument);

        insider.putItem(put -> put.tableName(stack.tables().audit()).item(first));
        insider.putItem(put -> put.tableName(stack.tables().audit()).item(second));
        TrailVerification.Report report = verify(trail);

        assertThat(report.failures()).anyMatch(failure -> failure.startsWith("shard 0: ")
                && failure.contains("(out of order)"));
    }

    @Test
    void aSecondRun_shouldWriteNothing_andNeverRewriteADigest() throws Exception {
        Trail trail = digestedTrail("digest-rerun");
        Path shard0 = archiveRoot.resolve(trail.tenant()).resolve("shard-0");
        List<String> before;
        try (Stream<Path> files = Files.list(shard0)) {
            before = files.map(file -> file.getFileName() + ":" + read(file)).sorted().toList();
        }

        AuditDigester.Run rerun = trails.digest(trail.tenant());

        assertThat(rerun.digests()).as("every closed period has its digest; a new one may have closed").isLessThan(5);
        try (Stream<Path> files = Files.list(shard0)) {
            assertThat(files.map(file -> file.getFileName() + ":" + read(file)).sorted().toList())
                    .containsAll(before);
        }
        assertThat(verify(trail).failures()).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
