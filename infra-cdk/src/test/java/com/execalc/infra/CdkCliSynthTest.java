package com.execalc.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cdk synth} the way a user runs it: the aws-cdk CLI pinned in package-lock.json reads cdk.json, runs the app
 * command and writes the cloud assembly, with no network (no notices, no telemetry, no version check). The output
 * carries the asset metadata that SAM CLI needs to find each function's code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CdkCliSynthTest {

    private Path outdir;
    private int exitCode;
    private String output;

    @BeforeAll
    void synth() throws Exception {
        Path cli = Path.of("..", "node_modules", "aws-cdk", "bin", "cdk");
        assertThat(cli).as("the aws-cdk CLI from package-lock.json (npm ci)").exists();
        assertThat(Path.of("target", "cdk-classpath.txt")).as("written by mvn process-classes").exists();
        outdir = Files.createTempDirectory("cli-cdk.out");
        Path log = Files.createTempFile("cdk-synth", ".log");
        ProcessBuilder synth = new ProcessBuilder(List.of("npx", "--no-install", "cdk", "synth", "--no-notices",
                "--quiet", "--output", outdir.toString(), "-c", "functionsJar=" + Synthesized.standInJar()))
                .directory(new File("."))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        synth.environment().put("CDK_DISABLE_CLI_TELEMETRY", "true");
        synth.environment().put("CDK_DISABLE_VERSION_CHECK", "true");
        synth.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        Process process = synth.start();
        assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("cdk synth finished").isTrue();
        exitCode = process.exitValue();
        output = Files.readString(log, StandardCharsets.UTF_8);
    }

    @Test
    void cdkSynth_shouldSucceed_andWriteTheStacksTemplate() {
        assertThat(exitCode).as(output).isZero();
        assertThat(outdir.resolve(ExecalcApp.STACK_NAME + ".template.json")).exists();
    }

    @Test
    void everyFunction_shouldPointSamCliAtItsCodeAsset() throws Exception {
        JsonNode template = new ObjectMapper().readTree(outdir.resolve(ExecalcApp.STACK_NAME + ".template.json")
                .toFile());

        for (String function : List.of("AuthorizerFunction", "TenantApiFunction", "ControlPlaneFunction",
                "AuditShipperFunction")) {
            JsonNode metadata = template.at("/Resources/" + function + "/Metadata");
            assertThat(metadata.path("aws:asset:property").asText()).as(function).isEqualTo("Code");
            assertThat(outdir.resolve(metadata.path("aws:asset:path").asText())).as(function).exists();
        }
    }

    @Test
    void cdkSynth_shouldWriteTheNagReport() {
        assertThat(outdir.resolve("AwsSolutions-" + ExecalcApp.STACK_NAME + "-NagReport.csv")).exists();
    }
}
