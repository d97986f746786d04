package com.execalc.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@value #FILE} at the root of each zip: what the package is, so that a deployment (the CDK app) and a person can
 * tell which function, architecture and JDK build it holds without unpacking it.
 *
 * @param function      the function's name
 * @param handler       its handler class
 * @param architecture  Lambda's architecture of the runtime image: {@code x86_64} or {@code arm64}
 * @param jdkBuild      the exact JDK build of the runtime image, e.g. {@code 25.0.3+9-LTS}
 * @param jdkImplementor who built that JDK
 * @param modules       the runtime image's modules
 * @param inputs        a digest of everything the package was built from: an unchanged digest skips the rebuild
 */
public record PackageManifest(String function, String handler, String architecture, String jdkBuild,
                              String jdkImplementor, List<String> modules, String inputs) {

    /** The manifest's name in the zip. */
    public static final String FILE = "execalc-package.properties";

    public PackageManifest {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(jdkBuild, "jdkBuild");
        Objects.requireNonNull(jdkImplementor, "jdkImplementor");
        modules = List.copyOf(modules);
        Objects.requireNonNull(inputs, "inputs");
    }

    /** The manifest's text. */
    public String text() {
        Properties properties = new Properties();
        properties.setProperty("function", function);
        properties.setProperty("handler", handler);
        properties.setProperty("architecture", architecture);
        properties.setProperty("jdk.build", jdkBuild);
        properties.setProperty("jdk.implementor", jdkImplementor);
        properties.setProperty("runtime.modules", String.join(",", modules));
        properties.setProperty("inputs.sha256", inputs);
        StringWriter out = new StringWriter();
        try {
            properties.store(out, "Execalc Lambda package (provided.al2023)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Properties writes a timestamp line; drop it so that the same inputs give the same bytes
        return out.toString().lines().filter(line -> !line.startsWith("#") || line.contains("Execalc"))
                .reduce("", (all, line) -> all + line + "\n");
    }

    /** Reads a manifest's text. */
    public static PackageManifest parse(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String modules = required(properties, "runtime.modules");
        return new PackageManifest(required(properties, "function"), required(properties, "handler"),
                required(properties, "architecture"), required(properties, "jdk.build"),
                required(properties, "jdk.implementor"), List.of(modules.split(",")),
                required(properties, "inputs.sha256"));
    }

    /**
     * The manifest of a built zip.
     *
     * @throws IllegalStateException when the zip has none
     */
    public static PackageManifest of(Path zip) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry entry = file.getEntry(FILE);
            if (entry == null) {
                throw new IllegalStateException(zip + " is not an Execalc package: it has no " + FILE);
            }
            try (InputStream in = file.getInputStream(entry)) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + zip, e);
        }
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("The package manifest has no " + key);
        }
        return value;
    }
}
