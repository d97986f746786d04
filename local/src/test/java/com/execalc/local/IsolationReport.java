package com.execalc.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes the generated sections of the isolation report to {@code local/target/isolation/<section>.md}, never to a
 * tracked file: a test run leaves the working tree as it found it. {@code docs/ISOLATION.md} holds the figures a person
 * copied from a named run, and says which run and how to regenerate them.
 */
final class IsolationReport {

    /** Where the sections of a run go, relative to the repository root. */
    static final String FOLDER = "local/target/isolation";

    /** The sections the suites write, each in a file of its own. */
    enum Section {
        JWT_FUZZER("jwt-fuzzer", "JwtFuzzerTest"),
        SPOOFING("spoofing", "HeaderSpoofingTest"),
        REQUEST_FUZZER("request-fuzzer", "RequestFuzzTest"),
        ATTACK_MATRIX("attack-matrix", "CrossTenantIsolationTest"),
        LOAD("load", "ManyTenantsLoadTest"),
        FAULTS("faults", "DynaliteCrashTest, DynamoDbThrottlingTest, StuckAuditWriteTest, LostWriteResponseTest");

        private final String file;
        private final String writtenBy;

        Section(String name, String writtenBy) {
            this.file = name + ".md";
            this.writtenBy = writtenBy;
        }

        /** The file's path relative to the repository root, e.g. {@code local/target/isolation/load.md}. */
        String path() {
            return FOLDER + "/" + file;
        }

        /** The suites that write it. */
        String writtenBy() {
            return writtenBy;
        }
    }

    private IsolationReport() {
    }

    /** Writes (replaces) one section of this run. */
    static synchronized void section(Section section, String markdown) {
        write(RepositoryRoot.find().resolve(section.path()), markdown);
    }

    /** The section as this run (or an earlier one into the same {@code target/}) wrote it, if it did. */
    static synchronized Optional<String> read(Section section) {
        return read(RepositoryRoot.find().resolve(section.path()));
    }

    static void write(Path file, String markdown) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown.strip() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    static Optional<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }
}
