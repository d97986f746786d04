package com.execalc.bench;

import com.execalc.packaging.FunctionProcess;
import com.execalc.packaging.Jdk25;
import com.execalc.packaging.PackageManifest;
import com.execalc.packaging.PackagedFunction;
import com.execalc.packaging.RuntimeApiStandIn;
import com.execalc.packaging.TrainingRun;
import com.execalc.packaging.Zips;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./execalc bench coldstart [runs]}: each function's zip end to end, from the moment {@code bootstrap} starts
 * to the moment its answer reaches the {@link RuntimeApiStandIn} (the tenant API's GET record, the authorizer's Allow),
 * or, for the control plane and the audit shipper, to its first {@code /next}: initialised and idle. Interleaved in
 * one run with the same functions jar behind the runtime interface client on the plain JDK 25 with Lambda's flags
 * (what the managed java25 runtime does), the package's own runtime with its cache switched off, and a JVM hello
 * world (the floor). Prints a Markdown table of medians, the targets, and each zip's size.
 */
public final class PackagedColdStart {

    private static final Duration ANSWER = Duration.ofSeconds(60);
    private static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-XX:MaxHeapSize=" + FunctionProcess.MEMORY_MB * 85 / 100 + "m",
            "-Djava.net.preferIPv4Stack=true", "--enable-native-access=ALL-UNNAMED");
    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private enum Variant {
        PACKAGE("zip: bootstrap, own runtime, AOT cache"),
        PACKAGE_NO_CACHE("zip's runtime, cache off (-XX:AOTMode=off)"),
        MANAGED("managed-equivalent: plain JDK 25 + RIC + Lambda flags"),
        HELLO("JVM hello world (floor)");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    private final Path root;
    private final Jdk25 jdk;
    private final TrainingRun world;
    private final Path work;
    private final Path managedTaskRoot;
    private final Path helloClasses;

    private PackagedColdStart(Path root, Jdk25 jdk, TrainingRun world, Path work) throws IOException {
        this.root = root;
        this.jdk = jdk;
        this.world = world;
        this.work = work;
        // the managed runtime loads the function jar from the task root's lib/ with its own class loader
        managedTaskRoot = Files.createDirectories(work.resolve("managed-task-root/lib"));
        Files.copy(root.resolve("functions/target/execalc-functions-lambda.jar"),
                managedTaskRoot.resolve("execalc-functions-lambda.jar"));
        helloClasses = Files.createDirectories(work.resolve("hello/com/execalc/bench"));
        try (InputStream in = HelloWorld.class.getResourceAsStream("HelloWorld.class")) {
            Files.copy(in, helloClasses.resolve("HelloWorld.class"));
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Jdk25 jdk = Jdk25.require(System.getenv("JAVA25_HOME"), Jdk25.DEFAULT_JVM_ROOT, "");
        Path work = Files.createTempDirectory("execalc-packaged-cold-start");
        try (TrainingRun world = TrainingRun.start(root)) {
            world.seed();
            String token = world.token();
            expect(201, world.send("PUT", "/namespaces/orders", token, null).statusCode());
            expect(201, world.send("PUT", "/namespaces/orders/records/order-1001", token,
                    "{\"customer\":\"c-42\",\"total\":129.9}").statusCode());
            new PackagedColdStart(root, jdk, world, work).measure(runs, token);
        }
    }

    private void measure(int runs, String token) throws Exception {
        StringBuilder table = new StringBuilder("| Function | Measured to | Variant | Runs | Median | Min | Max |\n"
                + "|---|---|---|---|---|---|---|\n");
        StringBuilder targets = new StringBuilder();
        StringBuilder sizes = new StringBuilder("| Zip | Zipped | Unzipped |\n|---|---|---|\n");
        List<PackagedFunction> order = List.of(PackagedFunction.TENANT_API, PackagedFunction.AUTHORIZER,
                PackagedFunction.CONTROL_PLANE, PackagedFunction.AUDIT_SHIPPER);
        for (PackagedFunction function : order) {
            Path zip = function.zip(root.resolve(PackagedFunction.PACKAGES));
            Path taskRoot = Files.createDirectories(work.resolve("task-root-" + function.functionName()));
            Zips.extract(zip, taskRoot);
            PackageManifest manifest = PackageManifest.of(zip);
            if (!manifest.jdkBuild().equals(jdk.build())) {
                throw new IllegalStateException(zip + " was packed from JDK " + manifest.jdkBuild() + ", not "
                        + jdk.build() + ": ./execalc package");
            }
            sizes.append(String.format(Locale.ROOT, "| %s | %.1f MB | %.1f MB |%n", zip.getFileName(),
                    Files.size(zip) / 1e6, Zips.unpackedSize(zip) / 1e6));
            Map<Variant, List<Long>> results = new LinkedHashMap<>();
            Variant[] variants = Variant.values();
            for (int run = 0; run < runs; run++) {
                // each round starts with another variant, so that none always runs first or last
                for (int i = 0; i < variants.length; i++) {
                    Variant variant = variants[(run + i) % variants.length];
                    results.computeIfAbsent(variant, v -> new ArrayList<>())
                            .add(once(function, variant, taskRoot, token));
                }
            }
            boolean serves = function == PackagedFunction.TENANT_API || function == PackagedFunction.AUTHORIZER;
            String to = serves ? "first response" : "initialised, idle on /next";
            for (Variant variant : variants) {
                long[] ms = results.get(variant).stream().mapToLong(Long::longValue).toArray();
                Arrays.sort(ms);
                table.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d ms | %d ms | %d ms |%n",
                        function.functionName(), variant == Variant.HELLO ? "process exit" : to, variant.label,
                        ms.length, median(ms), ms[0], ms[ms.length - 1]));
            }
            long packaged = median(results.get(Variant.PACKAGE));
            long managed = median(results.get(Variant.MANAGED));
            if (serves) {
                double ratio = packaged / (double) managed;
                targets.append(String.format(Locale.ROOT, "- %s: first response %d ms (target <= 400 ms: %s), "
                                + "%.2f x the managed-equivalent's %d ms (target <= 0.45: %s)%n",
                        function.functionName(), packaged, packaged <= 400 ? "met" : "missed by " + (packaged - 400)
                                + " ms", ratio, managed, ratio <= 0.45 ? "met" : "missed"));
            } else {
                targets.append(String.format(Locale.ROOT, "- %s: initialised and idle %d ms (target <= 300 ms: %s)%n",
                        function.functionName(), packaged, packaged <= 300 ? "met" : "missed by " + (packaged - 300)
                                + " ms"));
            }
        }
        System.out.println("JDK " + jdk.build() + " (" + jdk.home() + "), " + jdk.architecture() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, " + runs + " runs per row, interleaved\n");
        System.out.println(table);
        System.out.println(targets);
        System.out.println(sizes);
    }

    /** One cold start, in milliseconds from process start to the measured moment. */
    private long once(PackagedFunction function, Variant variant, Path taskRoot, String token) throws Exception {
        if (variant == Variant.HELLO) {
            return hello();
        }
        try (RuntimeApiStandIn api = RuntimeApiStandIn.start()) {
            RuntimeApiStandIn.Invocation invocation = switch (function) {
                case TENANT_API -> RuntimeApiStandIn.Invocation.of(world.event("tenant-api-get-record.json"),
                        TrainingRun.TENANT);
                case AUTHORIZER -> RuntimeApiStandIn.Invocation.of(world.authorizerEvent(token), null);
                default -> null;
            };
            if (invocation != null) {
                api.invoke(invocation);
            }
            Path log = work.resolve("run.log");
            Map<String, String> environment = world.environment(function);
            try (FunctionProcess process = switch (variant) {
                case PACKAGE -> FunctionProcess.bootstrap(taskRoot, function.handler(), environment, api, List.of(),
                        log);
                case PACKAGE_NO_CACHE -> FunctionProcess.start(packageWithoutCache(taskRoot), taskRoot,
                        function.handler(), environment, api, log);
                default -> FunctionProcess.start(managed(taskRoot), managedTaskRoot.getParent(), function.handler(),
                        environment, api, log);
            }) {
                long at;
                if (invocation == null) {
                    at = api.awaitNextCall(1, ANSWER);
                } else {
                    RuntimeApiStandIn.Outcome outcome = api.awaitOutcome(invocation.requestId(), ANSWER);
                    String body = outcome.body();
                    if (!outcome.isResponse() || !(body.contains("\"statusCode\":200") || body.contains("Allow"))) {
                        throw new IllegalStateException(function.functionName() + " (" + variant + ") answered "
                                + body + "\n" + process.output());
                    }
                    at = outcome.at();
                }
                return (at - process.startedAt()) / 1_000_000;
            }
        }
    }

    /** The package's own java and jars with bootstrap's options, but no cache: what the cache buys. */
    private static List<String> packageWithoutCache(Path taskRoot) {
        Path jars = taskRoot.resolve("jars");
        List<String> command = new ArrayList<>(List.of(taskRoot.resolve("runtime/bin/java").toString()));
        command.addAll(LAMBDA_FLAGS);
        command.addAll(List.of("-XX:-UsePerfData", "-XX:AOTMode=off",
                "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="
                        + jars.resolve("libaws-lambda-jni.so"),
                "-cp", String.join(":", jars.resolve("execalc-functions-lambda.jar").toString(),
                        jars.resolve("aws-lambda-java-runtime-interface-client.jar").toString(),
                        jars.resolve("aws-lambda-java-serialization.jar").toString()),
                RIC_MAIN, "${handler}"));
        return withHandler(command);
    }

    /**
     * The managed runtime's way: the JDK's own java (with its default CDS archive), the runtime interface client on
     * the class path, the function's jar found in the task root's lib/ by the client's class loader. The native
     * library is given in place, as in the package, rather than copied to /tmp (which only favours this side).
     */
    private List<String> managed(Path taskRoot) {
        Path ric = root.resolve("bench/target/managed-runtime");
        List<String> classPath = new ArrayList<>();
        try (var jars = Files.list(ric)) {
            jars.sorted().forEach(jar -> classPath.add(jar.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("Build the benchmarks first (mvn -Pbench package): " + ric, e);
        }
        List<String> command = new ArrayList<>(List.of(jdk.tool("java").toString()));
        command.addAll(LAMBDA_FLAGS);
        command.addAll(List.of("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="
                + taskRoot.resolve("jars/libaws-lambda-jni.so"), "-cp", String.join(":", classPath), RIC_MAIN,
                "${handler}"));
        return withHandler(command);
    }

    /** FunctionProcess passes the handler in _HANDLER; the client takes it as its argument, as Lambda's does. */
    private static List<String> withHandler(List<String> command) {
        List<String> sh = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" \"$_HANDLER\"", "sh"));
        sh.addAll(command.subList(0, command.size() - 1));
        return sh;
    }

    private long hello() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(jdk.tool("java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", helloClasses.getParent().getParent().getParent().toString(),
                HelloWorld.class.getName()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || !output.strip().equals("hello")) {
            throw new IllegalStateException("hello world failed: " + output);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long median(List<Long> values) {
        return median(values.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    private static long median(long[] sorted) {
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static void expect(int status, int actual) {
        if (status != actual) {
            throw new IllegalStateException("Expected " + status + ", got " + actual);
        }
    }
}
