package com.execalc.governance;

import com.execalc.tenancy.InvalidInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyModelTest {

    private final PolicyModel model = new PolicyModel();
    private final GlobalInvariants global = GlobalInvariants.v1();

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) new ObjectMapper().readTree(text);
    }

    @Test
    void violations_shouldNameEveryLooseningField_withRequestedAndLimit() throws Exception {
        TenantPolicy policy = model.parse(json("""
                {"maxRecordBytes": 100000, "maxNamespaces": 10, "recordDeletion": true,
                 "roles": {"viewer": ["record.get", "record.put"]},
                 "execution": {"escalateAtRisk": "critical", "maxOptions": 101},
                 "auditRetentionDays": 30}"""));

        List<PolicyViolation> violations = model.violations(global, policy);

        assertThat(violations).extracting(PolicyViolation::field).containsExactly("maxRecordBytes", "roles.viewer",
                "execution.maxOptions", "execution.escalateAtRisk", "auditRetentionDays");
        assertThat(violations.get(0).requested().asInt()).isEqualTo(100000);
        assertThat(violations.get(0).limit().asInt()).isEqualTo(65536);
        assertThat(violations.get(3).requested().asText()).isEqualTo("critical");
        assertThat(violations.get(3).limit().asText()).isEqualTo("elevated");
        assertThat(violations.get(4).limit().asInt()).isEqualTo(365);
    }

    @Test
    void effective_shouldTakeTheTenantsStricterValues_andGlobalForTheRest() throws Exception {
        PolicySettings effective = model.effective(global, model.parse(json("""
                {"maxRecordBytes": 1024, "recordDeletion": false, "execution": {"escalateAtRisk": "low"},
                 "auditRetentionDays": 730, "namespacePrefixes": ["fin-"]}""")));

        assertThat(effective.maxRecordBytes()).isEqualTo(1024);
        assertThat(effective.recordDeletion()).isFalse();
        assertThat(effective.escalateAtRisk()).isEqualTo(RiskLevel.LOW);
        assertThat(effective.auditRetentionDays()).isEqualTo(730);
        assertThat(effective.namespacePrefixes().allows("fin-ledger")).isTrue();
        assertThat(effective.namespacePrefixes().allows("hr")).isFalse();
        assertThat(effective.maxNamespaces()).isEqualTo(1000);
        assertThat(effective.maxOptions()).isEqualTo(100);
    }

    @Test
    void effective_shouldClampAStoredValueThatANewerStricterInvariantOutgrew() throws Exception {
        TenantPolicy stored = model.parse(json("{\"maxRecordBytes\": 60000}"));
        GlobalInvariants stricter = new GlobalInvariants(2, global.settings().withMaxRecordBytes(50_000));

        assertThat(model.effective(stricter, stored).maxRecordBytes()).isEqualTo(50_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"maxRecordByte\": 10}",
            "{\"roles\": {\"auditor\": []}}",
            "{\"execution\": {\"maxOption\": 3}}",
            "{\"roles\": [\"viewer\"]}",
            "{\"maxRecordBytes\": -1}",
            "{\"maxRecordBytes\": 1.5}",
            "{\"maxRecordBytes\": \"10\"}",
            "{\"recordDeletion\": \"no\"}",
            "{\"execution\": {\"escalateAtRisk\": \"extreme\"}}",
            "{\"roles\": {\"viewer\": [\"record.fly\"]}}",
            "{\"roles\": {\"admin\": [\"policy.put\"]}}",
            "{\"auditRetentionDays\": 0}",
            "{\"auditRetentionDays\": 40000}",
            "{\"namespacePrefixes\": \"fin-\"}",
            "{\"namespacePrefixes\": [\"Fin#\"]}"})
    void parse_shouldRefuseUnknownFieldsAndMalformedValues(String document) {
        assertThatThrownBy(() -> model.parse(json(document))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void render_shouldRoundTripATenantPolicy() throws Exception {
        ObjectNode document = json("""
                {"maxRecordBytes":1024,"roles":{"operator":["record.get","record.list"]},"recordDeletion":false,\
                "execution":{"maxOptions":5,"escalateAtRisk":"low"},"namespacePrefixes":["fin-"]}""");

        assertThat(model.render(model.parse(document))).isEqualTo(document);
    }

    @Test
    void render_shouldShowEveryFieldOfTheGlobalInvariants() {
        ObjectNode rendered = model.render(global.settings());

        assertThat(rendered.get("maxRecordBytes").asInt()).isEqualTo(65536);
        assertThat(rendered.get("maxNamespaces").asInt()).isEqualTo(1000);
        assertThat(rendered.at("/roles/viewer")).extracting(Object::toString).asString().contains("record.get")
                .doesNotContain("record.put");
        assertThat(rendered.get("recordDeletion").asBoolean()).isTrue();
        assertThat(rendered.at("/execution/maxOptions").asInt()).isEqualTo(100);
        assertThat(rendered.at("/execution/maxCriteria").asInt()).isEqualTo(20);
        assertThat(rendered.at("/execution/escalateAtRisk").asText()).isEqualTo("elevated");
        assertThat(rendered.get("auditRetentionDays").asInt()).isEqualTo(365);
        assertThat(rendered.get("namespacePrefixes").isNull()).isTrue();
    }
}
