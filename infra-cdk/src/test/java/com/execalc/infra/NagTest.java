package com.execalc.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** cdk-nag's AwsSolutions pack runs in the app; anything it finds must be fixed or suppressed with a reason. */
class NagTest {

    @Test
    void theDefaultDeployment_shouldHaveNoUnsuppressedAwsSolutionsError() {
        assertThat(errors(Synthesized.defaults())).isEmpty();
    }

    @Test
    void theAlternativeDeployment_shouldHaveNoUnsuppressedAwsSolutionsError() {
        assertThat(errors(Synthesized.alternative())).isEmpty();
    }

    @Test
    void theDefaultDeployment_shouldHaveNoUnsuppressedAwsSolutionsWarning() {
        assertThat(Annotations.fromStack(Synthesized.defaults().stack())
                .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")))
                .extracting(NagTest::describe).isEmpty();
    }

    @Test
    void theSuppressedFindings_shouldBeExactlyTheReviewedOnes_eachWithAReason() throws Exception {
        App app = (App) Synthesized.defaults().stack().getNode().getRoot();
        List<String> rows = Files.readAllLines(Path.of(app.getOutdir(), "AwsSolutions-ExecalcCloud-NagReport.csv"));
        Map<String, String> suppressed = new TreeMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split("\",\"");
            if (cells[2].equals("Suppressed")) {
                String rule = cells[0].replace("\"", "");
                String resource = cells[1].replaceFirst("^ExecalcCloud/", "")
                        .replaceFirst("^Api/Api/Default/.*/(GET|PUT|POST|PATCH|DELETE)/Resource$", "Api/Api/<method>");
                suppressed.merge(rule + " " + resource, cells[3], (a, b) -> a);
            }
        }

        assertThat(suppressed.keySet()).containsExactlyInAnyOrder(
                "AwsSolutions-COG3 Identity/UserPool/Resource",
                "AwsSolutions-COG4 Api/Api/<method>",
                "AwsSolutions-IAM4 Api/Api/CloudWatchRole/Resource",
                "AwsSolutions-APIG3 Api/Api/DeploymentStage.prod/Resource",
                "AwsSolutions-IAM5 TenantIam/TenantLogWriter/Resource",
                "AwsSolutions-IAM5 TenantIam/TenantAuditReader/Resource",
                "AwsSolutions-IAM5 Roles/ControlPlane/DefaultPolicy/Resource",
                "AwsSolutions-IAM5 Roles/AuditShipper/DefaultPolicy/Resource",
                "AwsSolutions-IAM5 Roles/AuditDigester/DefaultPolicy/Resource",
                "AwsSolutions-S1 AuditDigests/Archive/Resource",
                "AwsSolutions-SMG4 Functions/CursorSecret/Resource",
                "AwsSolutions-SQS3 Audit/ShipperFailures/Resource");
        assertThat(suppressed.values()).allSatisfy(reason -> assertThat(reason).hasSizeGreaterThan(60));
    }

    private static List<String> errors(Synthesized app) {
        return Annotations.fromStack(app.stack()).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .stream().map(NagTest::describe).toList();
    }

    private static String describe(SynthesisMessage message) {
        Object data = message.getEntry().getData();
        return message.getId() + ": " + (data instanceof Map<?, ?> map ? map : String.valueOf(data));
    }
}
