package com.execalc.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The one Java 25 runtime image that every package holds: {@code jlink} of the modules that {@code jdeps} finds the
 * jars need, stripped, built once and reused for the five zips (and across builds while its inputs stay the same).
 *
 * @param home    the image's folder ({@code bin/java}, {@code lib/modules}, ...)
 * @param modules the modules it holds
 */
public record RuntimeImage(Path home, List<String> modules) {

    /**
     * Modules that {@code jdeps} reports but the functions do not need, left out: only optional code of a library
     * references them, and that code checks for them before use. The package tests run every function on the image.
     */
    static final Map<String, String> OPTIONAL = Map.of(
            "java.desktop", "only Jackson's optional java.beans annotation support (ext.Java7SupportImpl)",
            "java.sql", "only Jackson's and Gson's optional java.sql date types, looked up by name");

    /** jlink's stripping options: no debug attributes, headers or man pages. */
    static final List<String> JLINK_OPTIONS = List.of("--strip-debug", "--no-header-files", "--no-man-pages");

    /**
     * The image for {@code jars}, built into {@code folder} unless it already holds the image of the same JDK build
     * and modules.
     */
    public static RuntimeImage build(Jdk25 jdk, List<Path> jars, Path folder) {
        List<String> modules = modules(jdk, jars, folder.resolveSibling(folder.getFileName() + ".jdeps"));
        String stamp = String.join("\n", jdk.release()) + "\n" + modules + "\n" + JLINK_OPTIONS + "\n";
        Path stampFile = folder.resolveSibling(folder.getFileName() + ".stamp");
        try {
            if (Files.isDirectory(folder) && Files.isRegularFile(stampFile)
                    && Files.readString(stampFile, StandardCharsets.UTF_8).equals(stamp)) {
                return new RuntimeImage(folder, modules);
            }
            Files.deleteIfExists(stampFile);
            Tools.deleteTree(folder);
            List<String> command = new ArrayList<>(List.of(jdk.tool("jlink").toString(),
                    "--add-modules", String.join(",", modules)));
            command.addAll(JLINK_OPTIONS);
            command.addAll(List.of("--output", folder.toString()));
            Tools.run(command, folder.getParent());
            Files.writeString(stampFile, stamp, StandardCharsets.UTF_8);
            return new RuntimeImage(folder, modules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code jdeps --list-deps} of the jars, less {@link #OPTIONAL}; cached by the jars' digest. Not
     * {@code --print-module-deps}: its reduced list leaves out what a listed module requires transitively (java.sql
     * stands for java.xml, which the SDK's XML protocols need on their own).
     */
    static List<String> modules(Jdk25 jdk, List<Path> jars, Path cache) {
        try {
            List<String> command = new ArrayList<>(List.of(jdk.tool("jdeps").toString(), "--ignore-missing-deps",
                    "--list-deps", "--multi-release", "25"));
            jars.forEach(jar -> command.add(jar.toString()));
            String key = Tools.digest(Tools.digest(jars) + jdk.build() + command + new TreeSet<>(OPTIONAL.keySet()));
            if (Files.isRegularFile(cache)) {
                List<String> cached = Files.readAllLines(cache, StandardCharsets.UTF_8);
                if (cached.size() == 2 && cached.get(0).equals(key)) {
                    return List.of(cached.get(1).split(","));
                }
            }
            String output = Tools.run(command, cache.getParent()).strip();
            // one module a line; internal packages a module exports to no one show as module/package: the module
            TreeSet<String> modules = new TreeSet<>();
            output.lines().map(String::strip).filter(line -> line.matches("[a-z][a-z0-9.]*(/.*)?"))
                    .map(line -> line.contains("/") ? line.substring(0, line.indexOf('/')) : line)
                    .forEach(modules::add);
            if (!modules.contains("java.base")) {
                throw new IllegalStateException("jdeps gave no module list: " + output);
            }
            modules.removeAll(OPTIONAL.keySet());
            List<String> result = List.copyOf(modules);
            Files.writeString(cache, key + "\n" + String.join(",", result) + "\n", StandardCharsets.UTF_8);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
