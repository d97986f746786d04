package com.execalc.infra;

import com.execalc.api.AuthorizerHandler;
import com.execalc.audit.AuditQueries;
import com.execalc.observability.Telemetry;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** What the platform's operators and each tenant's operators can see in CloudWatch. */
class ObservabilityTest {

    private final Synthesized app = Synthesized.defaults();

    @Test
    void everySavedAuditQuery_shouldBeAQueryDefinition_withTheFunctionsQueryText_andNoFixedLogGroup() {
        List<JsonNode> queries = app.resources("AWS::Logs::QueryDefinition").values().stream()
                .map(resource -> resource.path("Properties"))
                .toList();
        Map<String, String> saved = queries.stream().collect(Collectors.toMap(query -> query.path("Name").asText(),
                query -> query.path("QueryString").asText()));

        assertThat(queries).noneMatch(query -> query.has("LogGroupNames"));
        assertThat(saved).isEqualTo(AuditQueries.all().stream()
                .collect(Collectors.toMap(AuditQueries.Query::name, AuditQueries.Query::queryString)));
    }

    @Test
    void alarms_shouldWatch5xx_authorizerErrors_everyWayTheAuditShipperCanFallBehind_andTheDigestersFailures() {
        Map<String, JsonNode> alarms = app.resources("AWS::CloudWatch::Alarm");

        assertThat(alarms.values()).extracting(alarm -> metricNames(alarm.path("Properties")))
                .containsExactlyInAnyOrder(
                        List.of("5XXError"),
                        List.of("AuthorizerRejectedTokens", "Errors"),
                        List.of("Errors"),
                        List.of("ApproximateNumberOfMessagesVisible"),
                        List.of("AuditTamper"),
                        List.of("IteratorAge"),
                        List.of("SigningKeysUnreachable"),
                        List.of("Errors"),
                        List.of(Telemetry.DIGEST_FAILURES));
        assertThat(alarms.values()).allSatisfy(alarm ->
                assertThat(alarm.at("/Properties/TreatMissingData").asText()).isEqualTo("notBreaching"));
    }

    /** Fails at 3d7d7cc (issue 12, item 13): a JWKS outage made every valid token a 401, and no alarm fired. */
    @Test
    void anOutageOfTheIssuersSigningKeys_shouldRaiseAnAlarm_onTheMetricTheAuthorizerCounts() {
        JsonNode alarm = app.resources("AWS::CloudWatch::Alarm").values().stream()
                .map(a -> a.path("Properties"))
                .filter(a -> a.path("MetricName").asText().equals(Telemetry.SIGNING_KEYS_UNREACHABLE))
                .findFirst().orElseThrow();

        assertThat(alarm.path("Namespace").asText()).isEqualTo(Telemetry.NAMESPACE);
        assertThat(alarm.path("Dimensions").toString())
                .isEqualTo("[{\"Name\":\"Function\",\"Value\":\"" + AuthorizerHandler.FUNCTION + "\"}]");
        assertThat(alarm.path("Statistic").asText()).isEqualTo("Sum");
        assertThat(alarm.path("Threshold").asInt()).isEqualTo(1);
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
    }

    @Test
    void theTamperAlarm_shouldFireOnTheFirstChangeOrRemovalOfAnAuditItem_thatTheShipperReports() {
        JsonNode alarm = app.resources("AWS::CloudWatch::Alarm").values().stream()
                .map(a -> a.path("Properties"))
                .filter(a -> a.path("MetricName").asText().equals("AuditTamper"))
                .findFirst().orElseThrow();

        assertThat(alarm.path("Namespace").asText()).isEqualTo("Execalc");
        assertThat(alarm.path("Dimensions").toString())
                .isEqualTo("[{\"Name\":\"Function\",\"Value\":\"audit-shipper\"}]");
        assertThat(alarm.path("Statistic").asText()).isEqualTo("Sum");
        assertThat(alarm.path("Threshold").asInt()).isEqualTo(1);
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
    }

    @Test
    void theAuthorizerAlarm_shouldNotCountRejectedTokens_asAuthorizerErrors() {
        JsonNode alarm = app.resources("AWS::CloudWatch::Alarm").values().stream()
                .filter(a -> a.at("/Properties/Metrics").toString().contains("AuthorizerRejectedTokens"))
                .findFirst().orElseThrow().path("Properties");
        JsonNode filter = app.resources("AWS::Logs::MetricFilter").values().iterator().next().path("Properties");

        assertThat(alarm.at("/Metrics/0/Expression").asText()).isEqualTo("FILL(errors, 0) - FILL(rejected, 0)");
        assertThat(filter.path("FilterPattern").asText()).isEqualTo("{ $.decision = \"UNAUTHENTICATED\" }");
        assertThat(filter.at("/LogGroupName/Ref").asText())
                .isEqualTo(app.properties("AuthorizerFunction").at("/LoggingConfig/LogGroup/Ref").asText());
    }

    private static List<String> metricNames(JsonNode alarm) {
        if (alarm.has("MetricName")) {
            return List.of(alarm.path("MetricName").asText());
        }
        return StreamSupport.stream(alarm.path("Metrics").spliterator(), false)
                .filter(metric -> metric.has("MetricStat"))
                .map(metric -> metric.at("/MetricStat/Metric/MetricName").asText())
                .sorted()
                .toList();
    }
}
