package com.execalc.execution;

import com.execalc.governance.RiskLevel;
import com.execalc.tenancy.InvalidInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionModelParserTest {

    private static final String VALID = """
            {"objective": "pick a supplier",
             "criteria": [{"name":"cost","weight":0.4,"direction":"min"}, {"name":"quality","weight":0.6,"direction":"max"}],
             "options": [{"name":"A","scores":{"cost":120,"quality":7}}, {"name":"B","scores":{"cost":100,"quality":5}}],
             "constraints": [{"criterion":"cost","max":150}],
             "riskPosture": "low", "expiresAt": "2027-01-01T00:00:00Z"}""";

    private final DecisionModelParser parser = new DecisionModelParser();
    private final ObjectMapper json = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private ObjectNode parse(String text) throws Exception {
        return (ObjectNode) json.readTree(text);
    }

    @Test
    void parse_shouldReadAValidModel() throws Exception {
        DecisionModel model = parser.parse(parse(VALID));

        assertThat(model.criteria()).extracting(DecisionModel.Criterion::name).containsExactly("cost", "quality");
        assertThat(model.options()).hasSize(2);
        assertThat(model.constraints()).singleElement().extracting(DecisionModel.Constraint::max)
                .hasToString("150");
        assertThat(model.riskPosture()).isEqualTo(RiskLevel.LOW);
        assertThat(model.expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void parse_shouldAcceptAnOptionThatLacksAScore_forTheBoundaryToSendBackForRecompute() throws Exception {
        DecisionModel model = parser.parse(parse(VALID.replace("\"cost\":100,", "")));

        assertThat(model.options().get(1).scores()).doesNotContainKey("cost");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "zero weight             | \"weight\":0.4 | \"weight\":0",
            "negative weight         | \"weight\":0.4 | \"weight\":-0.4",
            "weight as string        | \"weight\":0.4 | \"weight\":\"0.4\"",
            "infinite-ish score      | \"cost\":120   | \"cost\":1e400",
            "non-numeric score       | \"cost\":120   | \"cost\":\"NaN\"",
            "unknown direction       | \"direction\":\"min\" | \"direction\":\"lowest\"",
            "duplicate option        | \"name\":\"B\" | \"name\":\"A\"",
            "duplicate criterion     | \"name\":\"quality\" | \"name\":\"cost\"",
            "unknown scored criterion| \"quality\":7  | \"speed\":7",
            "unknown constraint      | \"criterion\":\"cost\" | \"criterion\":\"speed\"",
            "empty constraint        | ,\"max\":150   | ''",
            "unknown risk            | \"riskPosture\": \"low\" | \"riskPosture\": \"medium\"",
            "bad instant             | 2027-01-01T00:00:00Z | next tuesday",
            "unknown field           | \"objective\": | \"objectiv\":",
            "blank objective         | pick a supplier | ' '",
            "empty options           | \"options\": [ | \"options\": [], \"x\": ["})
    void parse_shouldRefuseMalformedModels(String why, String replace, String with) throws Exception {
        String broken = VALID.replace(replace, with);

        assertThatThrownBy(() -> parser.parse(parse(broken))).as(why).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void parse_shouldRefuseOverLongNamesAndObjectives() throws Exception {
        assertThatThrownBy(() -> parser.parse(parse(VALID.replace("\"name\":\"A\"", "\"name\":\"" + "A".repeat(65) + "\""))))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> parser.parse(parse(VALID.replace("pick a supplier", "x".repeat(1001)))))
                .isInstanceOf(InvalidInputException.class);
    }
}
