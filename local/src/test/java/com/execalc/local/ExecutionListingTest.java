package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /namespaces/{ns}/executions}: newest first, pages with sealed cursors bound to the tenant, the namespace
 * and the status filter, through the local gateway.
 */
@ExtendWith(LocalCloudExtension.class)
class ExecutionListingTest {

    private final ApiClient api;
    private String tenant;
    private String operator;
    private String viewer;
    /** The ids of the executions run, oldest first, with their statuses. */
    private final List<String> ids = new ArrayList<>();
    private final List<String> statuses = new ArrayList<>();

    ExecutionListingTest(LocalCloud stack, OpenApiContract contract) {
        this.api = new ApiClient(stack.baseUri(), contract);
    }

    @BeforeEach
    void runExecutions() {
        tenant = ApiClient.uniqueTenant("listing");
        api.registerTenant(tenant);
        operator = api.token(tenant, "olga", "operator");
        viewer = api.token(tenant, "vic", "viewer");
        api.send("PUT", "/namespaces/decisions", operator, null, Map.of());
        api.send("PUT", "/namespaces/other", operator, null, Map.of());
        String model = ExecutionApiTest.SUPPLIER_MODEL;
        for (String run : List.of(model, model.replace("\"low\"", "\"high\""), model,
                model.replace("\"cost\":100,", ""), model.replace("\"low\"", "\"critical\""))) {
            JsonNode execution = api.send("POST", "/namespaces/decisions/executions", operator, run, Map.of()).json();
            ids.add(execution.get("executionId").asText());
            statuses.add(execution.get("status").asText());
        }
        assertThat(statuses).containsExactly("ALLOW", "ESCALATE", "ALLOW", "RECOMPUTE", "ESCALATE");
    }

    @Test
    void list_shouldAnswerTheNamespacesExecutions_newestFirst_forAViewer() {
        ApiClient.Response page = api.get("/namespaces/decisions/executions", viewer);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("items").findValuesAsText("executionId"))
                .containsExactlyElementsOf(newestFirst());
        assertThat(page.json().get("nextCursor").isNull()).isTrue();
        assertThat(api.get("/namespaces/other/executions", viewer).body())
                .isEqualTo("{\"items\":[],\"nextCursor\":null}");
    }

    @Test
    void list_shouldPageWithCursors_untilEveryExecutionWasListedOnce() {
        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiClient.Response page = api.get("/namespaces/decisions/executions?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), viewer);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
            listed.addAll(page.json().get("items").findValuesAsText("executionId"));
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(listed).containsExactlyElementsOf(newestFirst());
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void list_shouldAnswerOnlyTheExecutionsInTheStatusAsked() {
        List<String> escalated = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/namespaces/decisions/executions?status=ESCALATE&limit=1"
                    + (cursor == null ? "" : "&cursor=" + cursor), viewer).json();
            page.get("items").forEach(item -> assertThat(item.get("status").asText()).isEqualTo("ESCALATE"));
            escalated.addAll(page.get("items").findValuesAsText("executionId"));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(escalated).containsExactly(ids.get(4), ids.get(1));
        assertThat(api.get("/namespaces/decisions/executions?status=APPROVED", viewer).json().get("items")).isEmpty();
    }

    @Test
    void aReviewedExecution_shouldBeListedUnderItsNewStatus() {
        String admin = api.token(tenant, "bea", "admin");
        api.send("POST", "/namespaces/decisions/executions/" + ids.get(1) + "/reviews", admin,
                "{\"decision\":\"REJECT\",\"reason\":\"too risky\"}", Map.of());

        assertThat(api.get("/namespaces/decisions/executions?status=REJECTED", viewer).json().get("items")
                .findValuesAsText("executionId")).containsExactly(ids.get(1));
        assertThat(api.get("/namespaces/decisions/executions?status=ESCALATE", viewer).json().get("items")
                .findValuesAsText("executionId")).containsExactly(ids.get(4));
    }

    @Test
    void aCursor_shouldBeRefused_forAnotherFilter_anotherNamespace_orAnotherTenant() {
        String cursor = api.get("/namespaces/decisions/executions?status=ALLOW&limit=1", viewer).json()
                .get("nextCursor").asText();
        String other = ApiClient.uniqueTenant("listing-other");
        api.registerTenant(other);
        String otherOperator = api.token(other, "olga", "operator");
        api.send("PUT", "/namespaces/decisions", otherOperator, null, Map.of());
        String recordCursor = recordCursor();

        assertThat(api.get("/namespaces/decisions/executions?status=ALLOW&limit=1&cursor=" + cursor, viewer).status())
                .as("the same filter").isEqualTo(200);
        for (String misuse : List.of("/namespaces/decisions/executions?cursor=" + cursor,
                "/namespaces/decisions/executions?status=ESCALATE&cursor=" + cursor,
                "/namespaces/other/executions?status=ALLOW&cursor=" + cursor,
                "/namespaces/decisions/executions?cursor=" + recordCursor,
                "/namespaces/decisions/executions?cursor=" + URLEncoder.encode(cursor.substring(1),
                        StandardCharsets.UTF_8))) {
            ApiClient.Response refused = api.get(misuse, viewer);
            assertThat(refused.status()).as(misuse).isEqualTo(400);
            assertThat(refused.errorCode()).as(misuse).isEqualTo("INVALID_REQUEST");
        }
        ApiClient.Response foreign = api.get("/namespaces/decisions/executions?status=ALLOW&cursor=" + cursor,
                otherOperator);
        assertThat(foreign.status()).as("another tenant's use").isEqualTo(400);
    }

    @Test
    void list_shouldBe400_forABadStatusOrLimit_and404_forANamespaceThatDoesNotExist() {
        for (String query : List.of("status=approved", "status=", "limit=0", "limit=101", "limit=x")) {
            assertThat(api.get("/namespaces/decisions/executions?" + query, viewer).status()).as(query)
                    .isEqualTo(400);
        }
        assertThat(api.get("/namespaces/nowhere/executions", viewer).errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void list_shouldBeRefused_whenTheTenantTookItFromViewers() {
        api.send("PUT", "/governance/policy", api.token(tenant, "alice", "admin"),
                "{\"roles\":{\"viewer\":[\"execution.get\"]}}", Map.of());

        assertThat(api.get("/namespaces/decisions/executions", viewer).errorCode()).isEqualTo("FORBIDDEN");
        assertThat(api.get("/namespaces/decisions/executions/" + ids.get(0), viewer).status()).isEqualTo(200);
    }

    private List<String> newestFirst() {
        List<String> newest = new ArrayList<>(ids);
        java.util.Collections.reverse(newest);
        return newest;
    }

    /** A cursor of this tenant's record listing in "decisions": bound to another listing. */
    private String recordCursor() {
        for (int i = 0; i < 2; i++) {
            api.send("PUT", "/namespaces/decisions/records/r" + i, operator, "{\"n\":" + i + "}", Map.of());
        }
        return api.get("/namespaces/decisions/records?limit=1", viewer).json().get("nextCursor").asText();
    }
}
