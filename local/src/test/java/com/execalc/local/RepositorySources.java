package com.execalc.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Java sources of the repository by simple class name, for tests that check what the docs name: every module's
 * main and test sources, never what a build generated ({@code target/}) or installed ({@code node_modules/}).
 */
final class RepositorySources {

    private static final Set<String> SKIPPED = Set.of("target", "node_modules", ".git", "cdk.out", ".execalc");

    private final Map<String, List<Path>> byClassName;

    private RepositorySources(Map<String, List<Path>> byClassName) {
        this.byClassName = byClassName;
    }

    static RepositorySources of(Path root) {
        Map<String, List<Path>> sources = new HashMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return SKIPPED.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".java")) {
                        sources.computeIfAbsent(name.substring(0, name.length() - ".java".length()),
                                key -> new ArrayList<>()).add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the sources under " + root, e);
        }
        return new RepositorySources(sources);
    }

    /** Whether a class of that simple name exists. */
    boolean hasClass(String simpleName) {
        return byClassName.containsKey(simpleName);
    }

    /** Whether a test class of that simple name has a test method of that name (JUnit or jqwik). */
    boolean hasTest(String testClass, String method) {
        return byClassName.getOrDefault(testClass, List.of()).stream()
                .filter(file -> file.toString().contains("/src/test/"))
                .anyMatch(file -> declaresTest(read(file), method));
    }

    private static boolean declaresTest(String source, String method) {
        int at = source.indexOf(" void " + method + "(");
        if (at < 0) {
            return false;
        }
        // the annotations since the member before: the end of a method ("    }" on its own line) or of a field
        String before = source.substring(0, at);
        int previousMember = Math.max(before.lastIndexOf("\n    }"), before.lastIndexOf(";\n"));
        String annotations = before.substring(previousMember + 1);
        return annotations.contains("@Test") || annotations.contains("@Property")
                || annotations.contains("@ParameterizedTest") || annotations.contains("@RepeatedTest");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }
}
