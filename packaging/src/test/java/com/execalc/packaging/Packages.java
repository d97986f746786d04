package com.execalc.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** The zips the package phase wrote, each unpacked once per test run as Lambda unpacks it into its task root. */
final class Packages {

    private static final Map<PackagedFunction, Path> UNPACKED = new EnumMap<>(PackagedFunction.class);

    private Packages() {
    }

    /** The repository root (the tests run in packaging/). */
    static Path root() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("functions/pom.xml"))) {
            throw new IllegalStateException("Not in the repository: " + root);
        }
        return root;
    }

    /** The function's zip, as {@code ./execalc package} wrote it. */
    static Path zip(PackagedFunction function) {
        Path zip = function.zip(root().resolve(PackagedFunction.PACKAGES));
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: the package phase writes it (mvn package)");
        }
        return zip;
    }

    /** The function's task root: its zip, unpacked with permissions. */
    static synchronized Path taskRoot(PackagedFunction function) {
        return UNPACKED.computeIfAbsent(function, f -> {
            Path folder = fresh(f.functionName());
            Zips.extract(zip(f), folder);
            return folder;
        });
    }

    /** A copy of the function's task root that a test may change (its cache, say). */
    static Path copyOf(PackagedFunction function, String purpose) {
        Path copy = fresh(function.functionName() + "-" + purpose);
        Zips.extract(zip(function), copy);
        return copy;
    }

    /** A log file for one function process. */
    static Path log(String name) {
        try {
            return Files.createTempFile("execalc-" + name + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path fresh(String name) {
        try {
            return Files.createTempDirectory("execalc-task-root-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
