package com.execalc.packaging.launcher;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The packaged function's main class: tells whether the JVM uses the AOT cache, then hands over to the runtime
 * interface client. Alone in {@code jars/execalc-launcher.jar}.
 *
 * <p>{@code bootstrap} runs the JVM with {@code -XX:AOTMode=auto}, which starts without a cache it rejects, and sends
 * the JVM's own AOT warnings to the file named by {@code execalc.aot.log}. This runtime image has no default CDS
 * archive, so the JVM reports {@code sharing} in {@code java.vm.info} only when the AOT cache mapped. When it did not,
 * one line on standard error (the function's log) says so and why; the function serves either way.
 */
public final class AotCheckedMain {

    /** The start of the line logged when the JVM runs without the cache. */
    public static final String REJECTED = "execalc bootstrap: the JVM rejected the AOT cache";

    private AotCheckedMain() {
    }

    public static void main(String[] args) throws Throwable {
        String log = System.getProperty("execalc.aot.log");
        if (log != null) {
            String line = report(System.getProperty("java.vm.info", ""), System.getProperty("execalc.aot.cache"),
                    Path.of(log));
            if (line != null) {
                System.err.println(line);
            }
        }
        AWSLambda.main(args);
    }

    /** The line to log, or null when the cache is in use. Removes the JVM's log file either way. */
    static String report(String vmInfo, String cache, Path log) {
        // no lambdas or streams here: the training run never calls this, so their classes would not be in the cache
        String reason = "the JVM logged no reason";
        try {
            if (Files.isRegularFile(log)) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        reason = line.strip();
                        break;
                    }
                }
            }
            Files.deleteIfExists(log);
        } catch (IOException unreadable) {
            reason = "(the JVM's AOT log " + log + " is unreadable: " + unreadable.getMessage() + ")";
        }
        if (vmInfo.contains("sharing")) {
            return null;
        }
        return REJECTED + " " + cache + " and runs without it: " + reason;
    }
}
