package com.execalc.wiring;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The functions' environment variables are named in one place, {@link Setting}: no module's sources (the functions,
 * the local stack, the CDK app, the packaging, the benchmarks, their tests) spell one as a string of their own.
 */
class SettingsDefinedOnceTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> MODULES = List.of("functions", "local", "packaging", "infra-cdk", "bench");
    private static final Path DEFINITION = Path.of("functions/src/main/java/com/execalc/wiring/Setting.java");
    private static final Path THIS_TEST = Path.of("functions/src/test/java/com/execalc/wiring/SettingsDefinedOnceTest.java");

    /** A string literal that is a variable's name, or starts one (e.g. {@code "USAGE_PLAN_" + tier}). */
    private static final Pattern LITERAL = Pattern.compile("\"(" + Arrays.stream(Setting.values())
            .map(Setting::variable).map(Pattern::quote).collect(Collectors.joining("|")) + "|USAGE_PLAN_)\"");

    @Test
    void noModule_shouldSpellAnEnvironmentVariableOfTheFunctions() {
        List<String> literals = new ArrayList<>();
        for (Path source : sources()) {
            String text = read(source);
            Matcher literal = LITERAL.matcher(text);
            while (literal.find()) {
                literals.add(ROOT.relativize(source) + ": " + literal.group());
            }
        }

        assertThat(literals).as("use com.execalc.wiring.Setting instead").isEmpty();
    }

    @Test
    void theSearch_shouldFindTheModulesSourcesAndTheLiteralsItIsAbout() {
        List<Path> sources = sources();

        assertThat(sources).as("sources searched").hasSizeGreaterThan(200)
                .anyMatch(source -> source.endsWith(Path.of("com/execalc/infra/ExecalcFunctions.java")))
                .anyMatch(source -> source.endsWith(Path.of("com/execalc/bench/ColdStartProbe.java")))
                .noneMatch(source -> source.endsWith(DEFINITION));
        assertThat(LITERAL.matcher("env.put(\"DATA_TABLE_ARN\", arn)").find()).isTrue();
        assertThat(LITERAL.matcher("\"USAGE_PLAN_\" + name()").find()).isTrue();
        assertThat(LITERAL.matcher("Setting.DATA_TABLE_ARN.variable()").find()).isFalse();
    }

    private static List<Path> sources() {
        List<Path> sources = new ArrayList<>();
        for (String module : MODULES) {
            Path src = ROOT.resolve(module).resolve("src");
            try (Stream<Path> files = Files.walk(src)) {
                files.filter(file -> file.toString().endsWith(".java"))
                        .filter(file -> !file.endsWith(DEFINITION) && !file.endsWith(THIS_TEST))
                        .forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
