package com.execalc.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract passes {@code redocly lint} (recommended rules, redocly.yaml) with no error and no warning, as part of
 * ./execalc test; and the lint does find what it should, so that a clean result means something.
 */
class OpenApiLintTest {

    private final OpenApiLint lint = new OpenApiLint();
    private final Path contract = RepositoryRoot.find().resolve("openapi.yaml");

    @Test
    void openapiYaml_shouldHaveNoErrorAndNoWarning() {
        assertThat(lint.installed()).as("@redocly/cli is installed (npm ci)").isTrue();

        OpenApiLint.Findings findings = lint.lint(contract);

        assertThat(findings.problems()).as("redocly lint openapi.yaml").isEmpty();
        assertThat(findings.clean()).isTrue();
    }

    @Test
    void lint_shouldWarn_whenAnOperationLosesItsOperationId(@TempDir Path folder) throws Exception {
        Path drifted = folder.resolve("openapi.yaml");
        Files.writeString(drifted, Files.readString(contract).replace("      operationId: describeSession\n", ""));

        OpenApiLint.Findings findings = lint.lint(drifted);

        assertThat(findings.warnings()).isEqualTo(1);
        assertThat(findings.problems()).singleElement().asString().contains("warn operation-operationId");
    }

    @Test
    void lint_shouldReportAnError_whenTheDocumentHasAFieldTheSpecificationDoesNotKnow(@TempDir Path folder)
            throws Exception {
        Path drifted = folder.resolve("openapi.yaml");
        Files.writeString(drifted, Files.readString(contract)
                .replace("      operationId: listNamespaces\n", "      operationId: listNamespaces\n      returns: x\n"));

        OpenApiLint.Findings findings = lint.lint(drifted);

        assertThat(findings.errors()).isEqualTo(1);
        assertThat(findings.problems()).anySatisfy(problem -> assertThat(problem).contains("error struct"));
        assertThat(findings.clean()).isFalse();
    }
}
