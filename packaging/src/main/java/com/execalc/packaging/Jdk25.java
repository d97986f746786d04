package com.execalc.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The build machine's JDK 25, which the packages ship a runtime of: {@code JAVA25_HOME} if set, else the first JDK 25
 * under {@code /usr/lib/jvm} (where Debian keeps its JDKs), by name.
 *
 * @param home         the JDK's folder
 * @param build        its exact build, {@code JAVA_RUNTIME_VERSION} of its {@code release} file, e.g.
 *                     {@code 25.0.3+9-LTS}: an AOT cache is valid for this build only
 * @param implementor  who built it, e.g. {@code Eclipse Adoptium}
 * @param architecture Lambda's name for its architecture: {@code x86_64} or {@code arm64}
 */
public record Jdk25(Path home, String build, String implementor, String architecture) {

    /** Where a JDK 25 is looked for when {@code JAVA25_HOME} is not set. */
    public static final Path DEFAULT_JVM_ROOT = Path.of("/usr/lib/jvm");

    public Jdk25 {
        if (!architecture.equals("x86_64") && !architecture.equals("arm64")) {
            throw new IllegalArgumentException("Lambda runs x86_64 and arm64 only, not " + architecture);
        }
    }

    /** The build machine's JDK 25, looked for as the class comment says. */
    public static Optional<Jdk25> find() {
        return find(System.getenv("JAVA25_HOME"), DEFAULT_JVM_ROOT);
    }

    /**
     * A JDK 25: {@code java25Home} if it is given (and then only that one), else the first one under {@code jvmRoot}.
     *
     * @throws IllegalStateException when {@code java25Home} is set but is not a JDK 25
     */
    public static Optional<Jdk25> find(String java25Home, Path jvmRoot) {
        if (java25Home != null && !java25Home.isBlank()) {
            Path home = Path.of(java25Home);
            return Optional.of(of(home).orElseThrow(() -> new IllegalStateException(
                    "JAVA25_HOME=" + java25Home + " is not a JDK 25 (no bin/jlink, or its release file is not 25)")));
        }
        if (!Files.isDirectory(jvmRoot)) {
            return Optional.empty();
        }
        try (Stream<Path> candidates = Files.list(jvmRoot)) {
            return candidates.sorted().map(Jdk25::of).flatMap(Optional::stream).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDK 25, or a failure that says where one was looked for and what the alternative is. */
    public static Jdk25 require(String java25Home, Path jvmRoot, String alternative) {
        return find(java25Home, jvmRoot).orElseThrow(() -> new IllegalStateException(
                "No JDK 25 found: set JAVA25_HOME to one, or install one under " + jvmRoot + " (looked for "
                        + "JAVA25_HOME, then " + jvmRoot + "/*/release with JAVA_VERSION=\"25...\"). " + alternative));
    }

    /** The JDK 25 at {@code home}, if it is one (a full JDK: the packager needs jdeps and jlink). */
    static Optional<Jdk25> of(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/jlink"))) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            properties.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        String version = unquote(properties.getProperty("JAVA_VERSION", ""));
        if (!version.equals("25") && !version.startsWith("25.")) {
            return Optional.empty();
        }
        String build = unquote(properties.getProperty("JAVA_RUNTIME_VERSION", version));
        String arch = unquote(properties.getProperty("OS_ARCH", System.getProperty("os.arch")));
        return Optional.of(new Jdk25(home.toAbsolutePath().normalize(), build,
                unquote(properties.getProperty("IMPLEMENTOR", "unknown")), lambdaArchitecture(arch)));
    }

    /** A tool of this JDK: {@code bin/<name>}. */
    public Path tool(String name) {
        return home.resolve("bin").resolve(name);
    }

    /** The lines of this JDK's {@code release} file: what a runtime image built from it is. */
    public List<String> release() {
        try {
            return new ArrayList<>(Files.readAllLines(home.resolve("release")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String lambdaArchitecture(String osArch) {
        return switch (osArch) {
            case "x86_64", "amd64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> osArch;
        };
    }

    private static String unquote(String value) {
        String trimmed = value.strip();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
