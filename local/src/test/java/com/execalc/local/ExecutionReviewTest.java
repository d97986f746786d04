package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Governed review through the local gateway, as a table of cases: who reviews (the runner, a second and a third admin,
 * an operator, a viewer, another tenant's admin), what the execution is in (each run-time state, then each state a
 * review leaves it in), what changes between the run and a review (the model expires, the policy changes, a limit is
 * lowered, the review is taken from admins), with quorum 1 and 2. Each step states the answer and what the execution
 * is afterwards; a refused step must leave the execution exactly as it was.
 */
@ExtendWith(LocalCloudExtension.class)
class ExecutionReviewTest {

    /** Who sends a review. The runner is an admin, so that only separation of duties can stop it. */
    enum Who { RUNNER, ADMIN_2, ADMIN_3, OPERATOR, VIEWER, OTHER_TENANTS_ADMIN }

    /** What the execution was at run time. */
    enum Ran { ESCALATE, ALLOW, BLOCK, RECOMPUTE }

    /** What happens just before a step's review. */
    enum Change { NOTHING, MODEL_EXPIRES, POLICY_CHANGES, OPTIONS_LIMIT_LOWERED, REVIEW_TAKEN_FROM_ADMINS }

    /**
     * One review and what it must answer.
     *
     * @param before    what happens first
     * @param status    the expected HTTP status
     * @param code      the expected error code, or {@code null} for a 200
     * @param execution the execution's status afterwards, with its reasons
     */
    record Step(Change before, Who who, String decision, int status, String code, String execution,
                List<String> reasons) {

        Step after(Change change) {
            return new Step(change, who, decision, status, code, execution, reasons);
        }

        @Override
        public String toString() {
            return (before == Change.NOTHING ? "" : before + ", then ") + who + " " + decision + " -> " + status
                    + (code == null ? " " + execution + reasons : " " + code);
        }
    }

    /** A case: how the execution ran, with which quorum, and its review steps in order. */
    record Case(String name, Ran ran, int quorum, List<Step> steps) {
        @Override
        public String toString() {
            return name;
        }

        boolean expires() {
            return steps.stream().anyMatch(step -> step.before() == Change.MODEL_EXPIRES);
        }
    }

    private static final List<String> WAITING = List.of("RISK_REQUIRES_REVIEW");

    private static Case escalated(String name, int quorum, Step... steps) {
        return new Case(name, Ran.ESCALATE, quorum, List.of(steps));
    }

    private static Case ran(Ran ran, Step... steps) {
        return new Case(ran + " is not reviewable", ran, 1, List.of(steps));
    }

    private static Step approve(Who who, int status, String execution, String... reasons) {
        return new Step(Change.NOTHING, who, "APPROVE", status, null, execution, List.of(reasons));
    }

    private static Step reject(Who who, String execution, String... reasons) {
        return new Step(Change.NOTHING, who, "REJECT", 200, null, execution, List.of(reasons));
    }

    private static Step refused(Who who, String decision, int status, String code) {
        return new Step(Change.NOTHING, who, decision, status, code, null, List.of());
    }

    static Stream<Case> cases() {
        return Stream.of(
                escalated("quorum 1: a second admin approves", 1,
                        approve(Who.ADMIN_2, 200, "APPROVED", "QUORUM_APPROVED")),
                escalated("the runner never reviews its own execution", 1,
                        refused(Who.RUNNER, "APPROVE", 403, "SELF_REVIEW"),
                        refused(Who.RUNNER, "REJECT", 403, "SELF_REVIEW"),
                        approve(Who.ADMIN_2, 200, "APPROVED", "QUORUM_APPROVED")),
                escalated("an operator and a viewer may not review by default", 1,
                        refused(Who.OPERATOR, "APPROVE", 403, "FORBIDDEN"),
                        refused(Who.VIEWER, "APPROVE", 403, "FORBIDDEN"),
                        refused(Who.OPERATOR, "REJECT", 403, "FORBIDDEN")),
                escalated("another tenant's admin finds no such execution", 1,
                        refused(Who.OTHER_TENANTS_ADMIN, "APPROVE", 404, "NOT_FOUND"),
                        refused(Who.OTHER_TENANTS_ADMIN, "REJECT", 404, "NOT_FOUND")),
                ran(Ran.ALLOW, refused(Who.ADMIN_2, "APPROVE", 409, "NOT_PENDING_REVIEW")),
                ran(Ran.BLOCK, refused(Who.ADMIN_2, "APPROVE", 409, "NOT_PENDING_REVIEW")),
                ran(Ran.RECOMPUTE, refused(Who.ADMIN_2, "REJECT", 409, "NOT_PENDING_REVIEW")),
                escalated("an APPROVED execution is reviewed no more", 1,
                        approve(Who.ADMIN_2, 200, "APPROVED", "QUORUM_APPROVED"),
                        refused(Who.ADMIN_3, "APPROVE", 409, "NOT_PENDING_REVIEW"),
                        refused(Who.ADMIN_3, "REJECT", 409, "NOT_PENDING_REVIEW")),
                escalated("a REJECT is final, then an APPROVE is refused", 1,
                        reject(Who.ADMIN_2, "REJECTED", "REJECTED_BY_REVIEW"),
                        refused(Who.ADMIN_3, "APPROVE", 409, "NOT_PENDING_REVIEW")),
                escalated("quorum 2: one approval waits, the same reviewer counts once, a second completes it", 2,
                        approve(Who.ADMIN_2, 200, "ESCALATE", "RISK_REQUIRES_REVIEW"),
                        refused(Who.ADMIN_2, "APPROVE", 409, "ALREADY_REVIEWED"),
                        refused(Who.ADMIN_2, "REJECT", 409, "ALREADY_REVIEWED"),
                        refused(Who.RUNNER, "APPROVE", 403, "SELF_REVIEW"),
                        approve(Who.ADMIN_3, 200, "APPROVED", "QUORUM_APPROVED")),
                escalated("quorum 2: a REJECT after one approval is final", 2,
                        approve(Who.ADMIN_2, 200, "ESCALATE", "RISK_REQUIRES_REVIEW"),
                        reject(Who.ADMIN_3, "REJECTED", "REJECTED_BY_REVIEW")),
                escalated("the model expired between run and approval", 1,
                        approve(Who.ADMIN_2, 200, "BLOCK", "EXPIRED").after(Change.MODEL_EXPIRES)),
                escalated("the policy changed between run and approval", 1,
                        approve(Who.ADMIN_2, 200, "RECOMPUTE", "POLICY_CHANGED").after(Change.POLICY_CHANGES)),
                escalated("the option limit was lowered below the model between run and approval", 1,
                        approve(Who.ADMIN_2, 200, "BLOCK", "TOO_MANY_OPTIONS").after(Change.OPTIONS_LIMIT_LOWERED)),
                escalated("quorum 2: the policy changed between the first and the completing approval", 2,
                        approve(Who.ADMIN_2, 200, "ESCALATE", "RISK_REQUIRES_REVIEW"),
                        approve(Who.ADMIN_3, 200, "RECOMPUTE", "POLICY_CHANGED").after(Change.POLICY_CHANGES)),
                escalated("a REJECT needs no re-check: an expired model is still rejected", 1,
                        reject(Who.ADMIN_2, "REJECTED", "REJECTED_BY_REVIEW").after(Change.MODEL_EXPIRES)),
                escalated("a tenant that took the review from admins leaves no one to review", 1,
                        refused(Who.ADMIN_2, "APPROVE", 403, "FORBIDDEN").after(Change.REVIEW_TAKEN_FROM_ADMINS)));
    }

    private final LocalCloud stack;
    private final ApiClient api;
    private String tenant;
    private final Map<Who, String> tokens = new EnumMap<>(Who.class);

    ExecutionReviewTest(LocalCloud stack, OpenApiContract contract) {
        this.stack = stack;
        this.api = new ApiClient(stack.baseUri(), contract);
    }

    @BeforeEach
    void registerTenants() {
        tenant = ApiClient.uniqueTenant("review");
        api.registerTenant(tenant);
        String other = ApiClient.uniqueTenant("review-other");
        api.registerTenant(other);
        tokens.put(Who.RUNNER, api.token(tenant, "alice", "admin"));
        tokens.put(Who.ADMIN_2, api.token(tenant, "bea", "admin"));
        tokens.put(Who.ADMIN_3, api.token(tenant, "cleo", "admin"));
        tokens.put(Who.OPERATOR, api.token(tenant, "olga", "operator"));
        tokens.put(Who.VIEWER, api.token(tenant, "vic", "viewer"));
        // the same subject as the runner, in another tenant that has a namespace of the same name
        tokens.put(Who.OTHER_TENANTS_ADMIN, api.token(other, "alice", "admin"));
        assertThat(api.send("PUT", "/namespaces/decisions", tokens.get(Who.RUNNER), null, Map.of()).status())
                .isEqualTo(201);
        assertThat(api.send("PUT", "/namespaces/decisions", tokens.get(Who.OTHER_TENANTS_ADMIN), null, Map.of())
                .status()).isEqualTo(201);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void review_shouldAnswerEachStepAsTheRulesSay_andLeaveTheExecutionUnchangedWhenRefused(Case given) {
        if (given.quorum() != 1) {
            putPolicy(given.quorum(), "");
        }
        Instant expiresAt = given.expires() ? Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS)
                .plusSeconds(1) : Instant.parse("2099-01-01T00:00:00Z");
        JsonNode run = runAs(given.ran(), expiresAt);
        assertThat(run.get("status").asText()).isEqualTo(given.ran().name());
        assertThat(run.get("requiredApprovals").asInt()).isEqualTo(given.quorum());
        String path = "/namespaces/decisions/executions/" + run.get("executionId").asText();
        List<String> reviewedBy = new ArrayList<>();

        for (Step step : given.steps()) {
            change(step.before(), given.quorum(), expiresAt);
            String before = read(path).body();

            ApiClient.Response answer = api.send("POST", path + "/reviews", tokens.get(step.who()),
                    "{\"decision\":\"" + step.decision() + "\",\"reason\":\"reason of " + step.who() + "\"}",
                    Map.of());

            assertThat(answer.status()).as(step + ": " + answer.body()).isEqualTo(step.status());
            if (step.code() != null) {
                assertThat(answer.errorCode()).as(step.toString()).isEqualTo(step.code());
                assertThat(read(path).body()).as(step + " changed nothing").isEqualTo(before);
                continue;
            }
            reviewedBy.add(subjectOf(step.who()));
            JsonNode execution = answer.json();
            assertThat(execution.get("status").asText()).as(step.toString()).isEqualTo(step.execution());
            assertThat(texts(execution.get("reasons"))).as(step.toString()).isEqualTo(step.reasons());
            // a BLOCK or RECOMPUTE carries no ranking, whether the run or the re-check at approval decided it
            assertThat(execution.get("result").isNull()).as(step + ": no result")
                    .isEqualTo(List.of("BLOCK", "RECOMPUTE").contains(step.execution()));
            assertThat(execution.get("reviews").findValuesAsText("reviewer")).as(step.toString())
                    .isEqualTo(reviewedBy);
            JsonNode last = execution.get("reviews").get(reviewedBy.size() - 1);
            assertThat(last.get("decision").asText()).isEqualTo(step.decision());
            assertThat(last.get("reason").asText()).isEqualTo("reason of " + step.who());
            assertThat(read(path).body()).as("the answer is the stored execution").isEqualTo(answer.body());
        }
    }

    @Test
    void everyReviewAttempt_shouldBeExactlyOneAuditEvent_namingTheExecutionAndItsResultingStatus_withoutTheReason() {
        String path = "/namespaces/decisions/executions/"
                + runAs(Ran.ESCALATE, Instant.parse("2099-01-01T00:00:00Z")).get("executionId").asText();
        String secretReason = "{\"decision\":\"APPROVE\",\"reason\":\"the secret reason 7f3a\"}";
        List<Integer> answers = List.of(
                api.send("POST", path + "/reviews", tokens.get(Who.RUNNER), secretReason, Map.of()).status(),
                api.send("POST", path + "/reviews", tokens.get(Who.VIEWER), secretReason, Map.of()).status(),
                api.send("POST", path + "/reviews", tokens.get(Who.ADMIN_2), "{\"decision\":\"MAYBE\"}", Map.of())
                        .status(),
                api.send("POST", path + "/reviews", tokens.get(Who.ADMIN_2), secretReason, Map.of()).status(),
                api.send("POST", path + "/reviews", tokens.get(Who.ADMIN_3), secretReason, Map.of()).status());
        assertThat(answers).containsExactly(403, 403, 400, 200, 409);

        List<Map<String, AttributeValue>> events = AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(),
                tenant).stream().filter(event -> event.get("action").s().equals("execution.review")).toList();

        assertThat(events).extracting(event -> event.get("actor").s() + " " + event.get("decision").s() + " "
                + event.get("reason").s() + " " + event.get("outcome").n() + " "
                + event.get("details").m().get("executionStatus").s())
                .containsExactly("alice DENY SELF_REVIEW 403 ESCALATE", "vic DENY ROLE_DENIES_ACTION 403 ESCALATE",
                        "bea DENY INVALID_REQUEST 400 ESCALATE", "bea ALLOW ROLE_ALLOWS_ACTION 200 APPROVED",
                        "cleo DENY NOT_PENDING_REVIEW 409 APPROVED");
        String executionId = path.substring(path.lastIndexOf('/') + 1);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.get("details").m().get("executionId").s()).isEqualTo(executionId);
            assertThat(event.get("resource").s()).isEqualTo("decisions/" + executionId);
            assertThat(event.toString()).doesNotContain("secret reason");
        });
        // the review written carries the event written before it
        Map<String, AttributeValue> item = stack.adminDynamoDb().getItem(get -> get.tableName(stack.tables().data())
                .key(Map.of("pk", AttributeValue.fromS(tenant + "#decisions"),
                        "sk", AttributeValue.fromS("EXE#" + executionId))).consistentRead(true)).item();
        assertThat(item.get("reviews").m().get("bea").m().get("auditEventId").s())
                .isEqualTo(events.get(3).get("eventId").s());
    }

    @Test
    void aMalformedReview_shouldBe400_andChangeNothing() {
        String path = "/namespaces/decisions/executions/"
                + runAs(Ran.ESCALATE, Instant.parse("2099-01-01T00:00:00Z")).get("executionId").asText();
        String before = read(path).body();
        String tooLong = "x".repeat(1001);

        for (String body : List.of("{\"decision\":\"MAYBE\",\"reason\":\"r\"}", "{\"decision\":\"APPROVE\"}",
                "{\"decision\":\"APPROVE\",\"reason\":\"   \"}", "{\"decision\":\"APPROVE\",\"reason\":7}",
                "{\"decision\":\"APPROVE\",\"reason\":\"" + tooLong + "\"}",
                "{\"decision\":\"APPROVE\",\"reason\":\"r\",\"quorum\":0}", "{\"reason\":\"r\"}")) {
            ApiClient.Response answer = api.send("POST", path + "/reviews", tokens.get(Who.ADMIN_2), body, Map.of());

            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.errorCode()).as(body).isEqualTo("INVALID_REQUEST");
        }
        assertThat(read(path).body()).isEqualTo(before);
        assertThat(api.send("POST", path + "/reviews", tokens.get(Who.ADMIN_2),
                "{\"decision\":\"APPROVE\",\"reason\":\"" + "y".repeat(1000) + "\"}", Map.of()).status())
                .as("1000 characters is the longest reason").isEqualTo(200);
    }

    @Test
    void requiredApprovals_shouldOnlyBeRaised_from1To5_andBelowTheGlobalValueIs422NamingTheField() {
        String admin = tokens.get(Who.RUNNER);

        ApiClient.Response lowered = api.send("PUT", "/governance/policy", admin,
                "{\"execution\":{\"requiredApprovals\":0}}", Map.of());
        ApiClient.Response tooMany = api.send("PUT", "/governance/policy", admin,
                "{\"execution\":{\"requiredApprovals\":6}}", Map.of());
        ApiClient.Response raised = api.send("PUT", "/governance/policy", admin,
                "{\"execution\":{\"requiredApprovals\":3}}", Map.of());

        assertThat(lowered.status()).isEqualTo(422);
        assertThat(lowered.errorCode()).isEqualTo("POLICY_LOOSENS_INVARIANT");
        assertThat(lowered.body()).contains("\"field\":\"execution.requiredApprovals\"");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(raised.status()).isEqualTo(200);
        assertThat(raised.json().at("/effective/execution/requiredApprovals").asInt()).isEqualTo(3);
        assertThat(runAs(Ran.ESCALATE, Instant.parse("2099-01-01T00:00:00Z")).get("requiredApprovals").asInt())
                .isEqualTo(3);
    }

    @Test
    void aTenantPolicy_shouldNeverGiveTheReviewToOperators() {
        ApiClient.Response widened = api.send("PUT", "/governance/policy", tokens.get(Who.RUNNER),
                "{\"roles\":{\"operator\":[\"execution.review\"]}}", Map.of());

        assertThat(widened.status()).isEqualTo(422);
        assertThat(widened.body()).contains("\"field\":\"roles.operator\"");
    }

    private JsonNode runAs(Ran ran, Instant expiresAt) {
        String model = ExecutionApiTest.SUPPLIER_MODEL.replace("2099-01-01T00:00:00Z", expiresAt.toString());
        model = switch (ran) {
            case ESCALATE -> model.replace("\"low\"", "\"elevated\"");
            case ALLOW -> model;
            case BLOCK -> model.replace(expiresAt.toString(), "2020-01-01T00:00:00Z");
            case RECOMPUTE -> model.replace("\"cost\":100,", "");
        };
        ApiClient.Response run = api.send("POST", "/namespaces/decisions/executions", tokens.get(Who.RUNNER), model,
                Map.of());
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        return run.json();
    }

    private void change(Change change, int quorum, Instant expiresAt) {
        switch (change) {
            case NOTHING -> {
            }
            case MODEL_EXPIRES -> sleepUntil(expiresAt.plusMillis(200));
            case POLICY_CHANGES -> putPolicy(quorum, ",\"escalateAtRisk\":\"elevated\"");
            case OPTIONS_LIMIT_LOWERED -> putPolicy(quorum, ",\"maxOptions\":2");
            case REVIEW_TAKEN_FROM_ADMINS -> assertThat(api.send("PUT", "/governance/policy", tokens.get(Who.RUNNER),
                    "{\"roles\":{\"admin\":[\"namespace.list\",\"record.get\",\"execution.get\"]}}", Map.of())
                    .status()).isEqualTo(200);
        }
    }

    /** A new policy version; {@code more} adds execution fields. */
    private void putPolicy(int quorum, String more) {
        ApiClient.Response put = api.send("PUT", "/governance/policy", tokens.get(Who.RUNNER),
                "{\"execution\":{\"requiredApprovals\":" + quorum + more + "}}", Map.of());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    private ApiClient.Response read(String path) {
        ApiClient.Response read = api.get(path, tokens.get(Who.VIEWER));
        assertThat(read.status()).isEqualTo(200);
        return read;
    }

    private static String subjectOf(Who who) {
        return switch (who) {
            case RUNNER, OTHER_TENANTS_ADMIN -> "alice";
            case ADMIN_2 -> "bea";
            case ADMIN_3 -> "cleo";
            case OPERATOR -> "olga";
            case VIEWER -> "vic";
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static void sleepUntil(Instant moment) {
        Duration left = Duration.between(Instant.now(), moment);
        if (!left.isNegative()) {
            try {
                Thread.sleep(left.toMillis() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
