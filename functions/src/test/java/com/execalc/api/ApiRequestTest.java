package com.execalc.api;

import com.execalc.ingress.Route;
import com.execalc.tenancy.InvalidInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy event as read from its JSON tree: the sample event SAM CLI uses, and malformed shapes. */
class ApiRequestTest {

    private final SampleEvents events = new SampleEvents();
    private final LambdaJson json = new LambdaJson();

    private ApiRequest read(ObjectNode event) {
        return new ApiRequest(event, json, "lambda-request-id");
    }

    @Test
    void theSampleGetRecordEvent_shouldGiveItsRouteParametersHeadersAndAuthorizer() {
        ApiRequest request = read(events.read("tenant-api-get-record.json"));

        assertThat(request.route()).contains(Route.GET_RECORD);
        assertThat(request.pathParameter("ns")).isEqualTo("orders");
        assertThat(request.pathParameter("id")).isEqualTo("order-1001");
        assertThat(request.header("accept")).as("case-insensitive").contains("application/json");
        assertThat(request.requestId()).isEqualTo("get-record-0000-0000-0000-000000000000");
        assertThat(request.authorizer()).containsEntry("tenantId", "acme").containsEntry("roles", "admin")
                .containsEntry("integrationLatency", 12);
        assertThat(request.hasBody()).isFalse();
    }

    @Test
    void repeatedHeadersAndQueryValues_shouldAllBeVisible() {
        ObjectNode event = events.read("tenant-api-get-record.json");
        event.putObject("multiValueHeaders").putArray("X-Tenant-Id").add("a").add("b");
        event.putObject("queryStringParameters").put("tenant", "b");
        event.putObject("multiValueQueryStringParameters").putArray("tenant").add("a").add("b");

        ApiRequest request = read(event);

        assertThat(request.allHeaderValues()).contains(Map.entry("X-Tenant-Id", "a"), Map.entry("X-Tenant-Id", "b"));
        assertThat(request.allQueryValues()).contains(Map.entry("tenant", "a"), Map.entry("tenant", "b"));
        assertThat(request.query("tenant")).contains("b");
    }

    @Test
    void theRequestId_shouldFallBackToLambdas_whenTheEventHasNone() {
        ObjectNode event = events.read("tenant-api-get-record.json");
        event.remove("requestContext");

        ApiRequest request = read(event);

        assertThat(request.requestId()).isEqualTo("lambda-request-id");
        assertThat(request.authorizer()).isNull();
    }

    @Test
    void aBase64Body_shouldBeRefused_asNotJsonText() {
        ObjectNode event = events.read("tenant-api-put-record.json");
        event.put("isBase64Encoded", true);

        assertThatThrownBy(() -> read(event).jsonBody()).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void headersThatAreNotAnObject_shouldMakeTheEventInvalid() {
        ObjectNode event = events.read("tenant-api-get-record.json");
        event.putArray("headers").add("Authorization");

        assertThatThrownBy(() -> read(event)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aPathParameterThatIsAnObject_shouldMakeTheEventInvalid() {
        ObjectNode event = events.read("tenant-api-get-record.json");
        ((ObjectNode) event.get("pathParameters")).putObject("id").put("nested", "x");

        assertThatThrownBy(() -> read(event)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theBodyText_shouldBeTheObjectAsSent_withoutTheWhitespaceAroundIt() {
        ObjectNode event = events.read("tenant-api-put-record.json");
        event.put("body", " \r\n\t{ \"n\" : -0.0, \"e\":1e2 }\n ");

        assertThat(read(event).jsonBodyText()).isEqualTo("{ \"n\" : -0.0, \"e\":1e2 }");
    }

    @Test
    void theBodyText_shouldBeRefused_whenTheParserAcceptedMoreThanTheObject() {
        ObjectNode event = events.read("tenant-api-put-record.json");
        event.put("body", "\uFEFF{\"a\":1}");

        ApiRequest request = read(event);

        // whatever the parser makes of a byte order mark, the stored text must be a JSON object by itself
        assertThatThrownBy(request::jsonBodyText).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theBodyText_shouldBeRefused_forABase64Body() {
        ObjectNode event = events.read("tenant-api-put-record.json");
        event.put("isBase64Encoded", true);

        assertThatThrownBy(() -> read(event).jsonBodyText()).isInstanceOf(InvalidInputException.class);
    }
}
