package com.execalc.infra;

import com.execalc.wiring.Configuration;
import com.execalc.audit.AuditEvent;
import com.execalc.audit.AuditTrail;
import com.execalc.wiring.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code sam local invoke -t infra-cdk/cdk.out/ExecalcCloud.template.json -e events/<file> <FunctionLogicalId>}
 * needs from this repository: a sample event for every function (docs/DEPLOY.md lists them), and an env-vars file that
 * gives every function every variable the template gives it.
 */
class SamEventsTest {

    /** The sample events each function is invoked with; docs/DEPLOY.md shows the same table. */
    static final Map<String, List<String>> EVENTS = Map.of(
            "AuthorizerFunction", List.of("authorizer-request.json"),
            "TenantApiFunction", List.of("tenant-api-get-me.json", "tenant-api-put-namespace.json",
                    "tenant-api-put-record.json", "tenant-api-get-record.json", "tenant-api-list-records.json",
                    "tenant-api-delete-record.json"),
            "ControlPlaneFunction", List.of("control-plane-create-tenant.json"),
            "AuditShipperFunction", List.of("audit-shipper-stream.json"),
            "AuditDigesterFunction", List.of("audit-digester-schedule.json"),
            "PreTokenGenerationFunction", List.of("pre-token-generation-v2.json"));

    private static final Path EVENTS_DIR = Path.of("..", "events");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Synthesized app = Synthesized.defaults();

    @Test
    void everyFunction_shouldHaveSampleEventsInTheEventsFolder() throws IOException {
        assertThat(EVENTS).containsOnlyKeys(app.resources("AWS::Lambda::Function").keySet());
        for (List<String> files : EVENTS.values()) {
            for (String file : files) {
                assertThat(JSON.readTree(EVENTS_DIR.resolve(file).toFile()).isObject()).as(file).isTrue();
            }
        }
    }

    @Test
    void theSamEnvFile_shouldGiveEveryFunctionEveryVariableOfTheTemplate() throws IOException {
        JsonNode env = JSON.readTree(EVENTS_DIR.resolve("sam-env.json").toFile());

        app.resources("AWS::Lambda::Function").keySet().forEach(function -> {
            List<String> expected = new ArrayList<>();
            app.properties(function).at("/Environment/Variables").fieldNames().forEachRemaining(expected::add);
            expected.remove(Setting.JAVA_TOOL_OPTIONS.variable());
            List<String> given = new ArrayList<>();
            env.path(function).fieldNames().forEachRemaining(given::add);
            assertThat(given).as(function).containsExactlyInAnyOrderElementsOf(expected);
        });
    }

    @Test
    void theSamEnvFile_shouldHoldACursorSecretThatTheTenantApiAccepts() throws IOException {
        JsonNode env = JSON.readTree(EVENTS_DIR.resolve("sam-env.json").toFile()).path("TenantApiFunction");

        assertThat(Configuration.of(Map.of(Setting.CURSOR_SECRET.variable(), env.path(Setting.CURSOR_SECRET.variable()).asText())).cursorSecret())
                .hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void theAuditStreamEvent_shouldHoldNewAuditItems_ofTwoTenants_thatTheAuditTrailReadsBack() throws IOException {
        JsonNode records = JSON.readTree(EVENTS_DIR.resolve("audit-shipper-stream.json").toFile()).path("Records");

        List<AuditEvent> events = new ArrayList<>();
        for (JsonNode record : records) {
            assertThat(record.path("eventName").asText()).isEqualTo("INSERT"); // what the mapping's filter passes
            assertThat(record.at("/dynamodb/StreamViewType").asText()).isEqualTo("NEW_IMAGE");
            Map<String, AttributeValue> item = item(record.at("/dynamodb/NewImage"));
            AuditEvent event = AuditTrail.fromItem(item);
            assertThat(item.get("pk").s()).isEqualTo(event.tenantId().value());
            assertThat(item.get("sk").s()).isEqualTo(event.eventId());
            assertThat(item).containsKey(AuditTrail.EXPIRES_AT);
            events.add(event);
        }
        assertThat(events).extracting(event -> event.tenantId().value()).containsExactly("acme", "globex");
    }

    /** A DynamoDB JSON image as the SDK's attribute values. */
    private static Map<String, AttributeValue> item(JsonNode image) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        image.fields().forEachRemaining(field -> item.put(field.getKey(), value(field.getValue())));
        return item;
    }

    private static AttributeValue value(JsonNode node) {
        if (node.has("S")) {
            return AttributeValue.fromS(node.get("S").asText());
        }
        if (node.has("N")) {
            return AttributeValue.fromN(node.get("N").asText());
        }
        if (node.has("L")) {
            List<AttributeValue> list = new ArrayList<>();
            node.get("L").forEach(element -> list.add(value(element)));
            return AttributeValue.fromL(list);
        }
        if (node.has("M")) {
            Map<String, AttributeValue> map = new HashMap<>();
            node.get("M").fields().forEachRemaining(field -> map.put(field.getKey(), value(field.getValue())));
            return AttributeValue.fromM(map);
        }
        throw new IllegalArgumentException("Unsupported attribute value " + node);
    }
}
