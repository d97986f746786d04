package com.execalc.packaging;

import com.execalc.wiring.Setting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One function process started the way Lambda starts a custom runtime: {@code bootstrap} (or any command) in the
 * task root, with nothing of this process's environment but {@code PATH}, Lambda's reserved variables pointing at a
 * {@link RuntimeApiStandIn}, and the function's own variables. Its standard output and error go to a log file.
 */
public final class FunctionProcess implements AutoCloseable {

    /** The memory size the processes believe they have, as a 1024 MB function. */
    public static final int MEMORY_MB = 1024;

    private final Process process;
    private final long startedAt;
    private final Path log;

    private FunctionProcess(Process process, long startedAt, Path log) {
        this.process = process;
        this.startedAt = startedAt;
        this.log = log;
    }

    /**
     * Starts the packaged function in {@code taskRoot} (an unzipped package) by its {@code bootstrap}.
     *
     * @param arguments the bootstrap's arguments: none, as Lambda runs it, or a build mode (see the script)
     */
    public static FunctionProcess bootstrap(Path taskRoot, String handler, Map<String, String> environment,
                                            RuntimeApiStandIn api, List<String> arguments, Path log) {
        List<String> command = new ArrayList<>();
        command.add(taskRoot.resolve("bootstrap").toString());
        command.addAll(arguments);
        return start(command, taskRoot, handler, environment, api, log);
    }

    /** Starts {@code command} in {@code taskRoot} with a Lambda function's environment. */
    public static FunctionProcess start(List<String> command, Path taskRoot, String handler,
                                        Map<String, String> environment, RuntimeApiStandIn api, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.putAll(lambdaEnvironment(taskRoot, handler, api));
        env.putAll(environment);
        try {
            long started = System.nanoTime();
            return new FunctionProcess(builder.start(), started, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command, e);
        }
    }

    /** The variables Lambda sets for every function. */
    static Map<String, String> lambdaEnvironment(Path taskRoot, String handler, RuntimeApiStandIn api) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("_HANDLER", handler);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put(Setting.AWS_LAMBDA_FUNCTION_NAME.variable(), "stand-in");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(MEMORY_MB));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/stand-in");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "stand-in");
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        return env;
    }

    /** When the process was started, {@link System#nanoTime()}. */
    public long startedAt() {
        return startedAt;
    }

    public Process process() {
        return process;
    }

    /** Everything the process wrote so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ends the process as Lambda ends an environment: SIGTERM, then SIGKILL after {@code graceSeconds}.
     *
     * @return its exit code
     */
    public int stop(long graceSeconds) {
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(5);
        }
    }
}
