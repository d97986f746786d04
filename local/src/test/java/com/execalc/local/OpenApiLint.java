package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lints an OpenAPI document as its users' tools would: {@code redocly lint} from the pinned npm dev dependency
 * {@code @redocly/cli}, with the rules of the repository's {@code redocly.yaml} (the recommended ones, and every rule
 * turned off with its reason), run as a node subprocess, offline (no telemetry, no update check).
 */
public final class OpenApiLint {

    /** What the linter found: counts, and each problem as {@code line:column severity rule message}. */
    public record Findings(int errors, int warnings, List<String> problems) {
        public Findings {
            problems = List.copyOf(problems);
        }

        /** No error and no warning. */
        public boolean clean() {
            return errors == 0 && warnings == 0;
        }
    }

    private final Path root = RepositoryRoot.find();

    /** Whether the pinned CLI is installed, so that a missing {@code npm ci} fails with a clear message. */
    public boolean installed() {
        return Files.isRegularFile(root.resolve("node_modules/@redocly/cli/bin/cli.js"));
    }

    /** Lints {@code document} with the repository's rules. */
    public Findings lint(Path document) {
        List<String> command = List.of("node", root.resolve("node_modules/@redocly/cli/bin/cli.js").toString(),
                "lint", document.toAbsolutePath().toString(), "--config", root.resolve("redocly.yaml").toString(),
                "--format", "json");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
            builder.environment().put("REDOCLY_TELEMETRY", "off");
            builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
            Process process = builder.start();
            process.getOutputStream().close();
            // both streams at once: a full stderr pipe would stall the linter before it writes stdout
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> errorsOf(process));
            byte[] stdout = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("redocly lint did not finish within 120 s");
            }
            JsonNode report = reportOf(stdout);
            if (!report.at("/totals/errors").isInt() || !report.at("/totals/warnings").isInt()) {
                throw new IllegalStateException("redocly lint exited " + process.exitValue() + " without a report: "
                        + new String(stdout, StandardCharsets.UTF_8) + new String(stderr.join(), StandardCharsets.UTF_8));
            }
            List<String> problems = new ArrayList<>();
            report.path("problems").forEach(problem -> {
                JsonNode start = problem.at("/location/0/start");
                problems.add(start.path("line").asInt() + ":" + start.path("col").asInt() + " "
                        + problem.path("severity").asText() + " " + problem.path("ruleId").asText() + " "
                        + problem.path("message").asText());
            });
            return new Findings(report.at("/totals/errors").asInt(), report.at("/totals/warnings").asInt(), problems);
        } catch (IOException e) {
            throw new IllegalStateException("Could not run redocly lint; did npm ci run?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode reportOf(byte[] stdout) {
        try {
            return new ObjectMapper().readTree(stdout);
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    private static byte[] errorsOf(Process process) {
        try {
            return process.getErrorStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
