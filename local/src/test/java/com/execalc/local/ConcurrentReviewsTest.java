package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reviewers racing for the same execution, as concurrent HTTP requests against the local stack (dynalite): DynamoDB's
 * conditional update decides; one wins each review count, the others get a 409, no review is lost and none is counted
 * twice, and every attempt still has its one audit event.
 */
@ExtendWith(LocalCloudExtension.class)
class ConcurrentReviewsTest {

    private static final int REVIEWERS = 6;

    private final LocalCloud stack;
    private final ApiClient api;
    private String tenant;
    private String runner;

    ConcurrentReviewsTest(LocalCloud stack, OpenApiContract contract) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri(), contract);
    }

    @BeforeEach
    void registerTenant() {
        tenant = ApiClient.uniqueTenant("race");
        api.registerTenant(tenant);
        runner = api.token(tenant, "runner", "admin");
        assertThat(api.send("PUT", "/namespaces/decisions", runner, null, Map.of()).status()).isEqualTo(201);
    }

    @Test
    void reviewersRacingForTheLastApproval_shouldHaveExactlyOneWinner_andTheOthers409_changingNothing()
            throws Exception {
        String path = escalatedExecution();

        List<ApiClient.Response> answers = together(i -> approve(path, "reviewer-" + i));

        List<ApiClient.Response> won = answers.stream().filter(answer -> answer.status() == 200).toList();
        assertThat(won).hasSize(1);
        assertThat(answers).filteredOn(answer -> answer.status() != 200)
                .allSatisfy(lost -> {
                    assertThat(lost.status()).isEqualTo(409);
                    assertThat(lost.errorCode()).isIn("NOT_PENDING_REVIEW", "CONFLICT");
                });
        JsonNode stored = api.get(path, runner).json();
        assertThat(stored.get("status").asText()).isEqualTo("APPROVED");
        assertThat(stored.get("reviews")).hasSize(1);
        assertThat(stored.get("reviews")).isEqualTo(won.get(0).json().get("reviews"));
        assertThat(reviewEvents()).as("one audit event per attempt").hasSize(REVIEWERS);
    }

    @Test
    void reviewersRacingUnderAQuorum_shouldHaveEveryCountedReviewStoredOnce_andNoneLost() throws Exception {
        assertThat(api.send("PUT", "/governance/policy", runner, "{\"execution\":{\"requiredApprovals\":5}}",
                Map.of()).status()).isEqualTo(200);
        String path = escalatedExecution();

        List<ApiClient.Response> answers = together(i -> approve(path, "reviewer-" + i));

        List<String> winners = new ArrayList<>();
        answers.stream().filter(answer -> answer.status() == 200)
                .forEach(answer -> winners.add(answer.json().at("/reviews").get(
                        answer.json().at("/reviews").size() - 1).get("reviewer").asText()));
        assertThat(winners).isNotEmpty().doesNotHaveDuplicates();
        assertThat(answers).filteredOn(answer -> answer.status() != 200)
                .allSatisfy(lost -> assertThat(lost.errorCode()).isIn("CONFLICT", "NOT_PENDING_REVIEW"));
        JsonNode stored = api.get(path, runner).json();
        assertThat(stored.get("reviews").findValuesAsText("reviewer"))
                .as("exactly the reviews that were answered 200, each once")
                .containsExactlyInAnyOrderElementsOf(winners);
        assertThat(storedReviewCount(path)).isEqualTo(winners.size());
        assertThat(stored.get("status").asText()).isEqualTo(winners.size() >= 5 ? "APPROVED" : "ESCALATE");
    }

    @Test
    void oneReviewerSendingTheSameReviewTwiceAtOnce_shouldCountOnce() throws Exception {
        assertThat(api.send("PUT", "/governance/policy", runner, "{\"execution\":{\"requiredApprovals\":2}}",
                Map.of()).status()).isEqualTo(200);
        String path = escalatedExecution();

        List<ApiClient.Response> answers = together(i -> approve(path, "bea"));

        assertThat(answers).filteredOn(answer -> answer.status() == 200).hasSize(1);
        assertThat(answers).filteredOn(answer -> answer.status() != 200)
                .allSatisfy(lost -> assertThat(lost.errorCode()).isIn("ALREADY_REVIEWED", "CONFLICT"));
        JsonNode stored = api.get(path, runner).json();
        assertThat(stored.get("reviews").findValuesAsText("reviewer")).containsExactly("bea");
        assertThat(stored.get("status").asText()).isEqualTo("ESCALATE");
    }

    private String escalatedExecution() {
        ApiClient.Response run = api.send("POST", "/namespaces/decisions/executions", runner,
                ExecutionApiTest.SUPPLIER_MODEL.replace("\"low\"", "\"high\""), Map.of());
        assertThat(run.json().get("status").asText()).isEqualTo("ESCALATE");
        return "/namespaces/decisions/executions/" + run.json().get("executionId").asText();
    }

    private ApiClient.Response approve(String path, String reviewer) {
        return api.send("POST", path + "/reviews", api.token(tenant, reviewer, "admin"),
                "{\"decision\":\"APPROVE\",\"reason\":\"looks right to " + reviewer + "\"}", Map.of());
    }

    /** Sends every reviewer's request at the same moment and waits for all answers. */
    private static List<ApiClient.Response> together(IntFunction<ApiClient.Response> reviewer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(REVIEWERS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiClient.Response>> sent = new ArrayList<>();
            for (int i = 0; i < REVIEWERS; i++) {
                int id = i;
                sent.add(pool.submit(() -> {
                    go.await();
                    return reviewer.apply(id);
                }));
            }
            go.countDown();
            List<ApiClient.Response> answers = new ArrayList<>();
            for (Future<ApiClient.Response> answer : sent) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Map<String, AttributeValue>> reviewEvents() {
        return AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), tenant).stream()
                .filter(event -> event.get("action").s().equals("execution.review")).toList();
    }

    private int storedReviewCount(String path) {
        Map<String, AttributeValue> item = stack.adminDynamoDb().getItem(get -> get.tableName(stack.tables().data())
                .key(Map.of("pk", AttributeValue.fromS(tenant + "#decisions"),
                        "sk", AttributeValue.fromS("EXE#" + path.substring(path.lastIndexOf('/') + 1))))
                .consistentRead(true)).item();
        assertThat(item.get("reviews").m()).hasSize(Integer.parseInt(item.get("reviewCount").n()));
        return Integer.parseInt(item.get("reviewCount").n());
    }
}
