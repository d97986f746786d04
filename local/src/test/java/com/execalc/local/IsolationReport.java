package com.execalc.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a generated section of {@code docs/ISOLATION.md}: the text between {@code <!-- BEGIN name -->} and
 * {@code <!-- END name -->} is replaced. Sections must be deterministic (no request ids, no timings) unless they
 * report a benchmark-like run, so that the file only changes when behaviour does.
 */
final class IsolationReport {

    private IsolationReport() {
    }

    static synchronized void section(String name, String markdown) {
        Path report = RepositoryRoot.find().resolve("docs/ISOLATION.md");
        try {
            String text = Files.readString(report, StandardCharsets.UTF_8);
            String begin = "<!-- BEGIN " + name + " -->";
            String end = "<!-- END " + name + " -->";
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalStateException("docs/ISOLATION.md has no section " + name);
            }
            String updated = text.substring(0, from + begin.length()) + "\n" + markdown.strip() + "\n"
                    + text.substring(to);
            Files.writeString(report, updated, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write docs/ISOLATION.md", e);
        }
    }
}
