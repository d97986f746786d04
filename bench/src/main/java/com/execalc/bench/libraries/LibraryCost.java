package com.execalc.bench.libraries;

import com.execalc.packaging.FunctionProcess;
import com.execalc.packaging.LambdaPackager;
import com.execalc.packaging.PackageManifest;
import com.execalc.packaging.PackagedFunction;
import com.execalc.packaging.RuntimeApiStandIn;
import com.execalc.packaging.TrainingRun;
import com.execalc.packaging.Zips;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * {@code ./execalc bench libraries [runs]}: what {@code aws-lambda-java-events} (typed proxy events) and
 * {@code dynamodb-enhanced} (a static immutable table schema) would cost on the packaged tenant API's first response.
 * Three experiment zips, built and trained like the real one from one jar (the functions jar with both libraries and
 * the experiment handlers added): the plain handler, {@link TypedEventsTenantApi} and {@link EnhancedClientTenantApi};
 * then their first responses to a GET record, interleaved. The difference to the plain handler on the same jar is the
 * cost; each experiment handler does more than an adoption would, so the cost is an upper bound.
 */
public final class LibraryCost {

    private static final Duration ANSWER = Duration.ofSeconds(60);
    private static final String RECORD = "{\"customer\":\"c-42\",\"total\":129.9}";

    private LibraryCost() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path work = Files.createTempDirectory("execalc-library-cost");
        Path jar = experimentJar(root, work.resolve("execalc-functions-lambda.jar"));
        Map<String, String> handlers = new LinkedHashMap<>();
        handlers.put("plain handler, same jar", PackagedFunction.TENANT_API.handler());
        handlers.put("typed proxy events (aws-lambda-java-events 3.16.1)", TypedEventsTenantApi.class.getName());
        handlers.put("enhanced client, static immutable schema (dynamodb-enhanced)",
                EnhancedClientTenantApi.class.getName());
        try (TrainingRun world = TrainingRun.start(root)) {
            world.seed();
            String token = world.token();
            world.send("PUT", "/namespaces/orders", token, null);
            Map<String, Path> taskRoots = new LinkedHashMap<>();
            int index = 0;
            for (Map.Entry<String, String> variant : handlers.entrySet()) {
                Path zip = work.resolve("experiment-" + index++ + ".zip");
                LambdaPackager.experiment(root, variant.getValue(), jar, PackagedFunction.TENANT_API, zip, world);
                Path taskRoot = Files.createDirectories(work.resolve(zip.getFileName() + ".d"));
                Zips.extract(zip, taskRoot);
                taskRoots.put(variant.getKey(), taskRoot);
            }
            // the training's sample events end with a DELETE of the record that the measured GET reads
            int put = world.send("PUT", "/namespaces/orders/records/order-1001", token, RECORD).statusCode();
            if (put != 200 && put != 201) {
                throw new IllegalStateException("Could not seed the record: " + put);
            }
            List<String> names = new ArrayList<>(taskRoots.keySet());
            Map<String, List<Long>> results = new LinkedHashMap<>();
            for (int run = 0; run < runs; run++) {
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get((run + i) % names.size());
                    results.computeIfAbsent(name, n -> new ArrayList<>()).add(once(world, taskRoots.get(name), work));
                }
            }
            long plain = median(results.get(names.get(0)));
            StringBuilder table = new StringBuilder("| Tenant API, packaged, first response to a GET record | Runs "
                    + "| Median | Min | Max | Cost vs the plain handler |\n|---|---|---|---|---|---|\n");
            results.forEach((name, ms) -> {
                List<Long> sorted = ms.stream().sorted().toList();
                long median = median(ms);
                table.append(String.format(Locale.ROOT, "| %s | %d | %d ms | %d ms | %d ms | %s |%n", name,
                        ms.size(), median, sorted.get(0), sorted.get(sorted.size() - 1),
                        name.equals(names.get(0)) ? "-" : (median - plain) + " ms"));
            });
            System.out.println(runs + " runs per row, interleaved; " + Runtime.getRuntime().availableProcessors()
                    + " cores\n");
            System.out.println(table);
        }
    }

    private static long once(TrainingRun world, Path taskRoot, Path work) throws Exception {
        String handler = PackageManifest.parse(Files.readString(taskRoot.resolve(PackageManifest.FILE))).handler();
        try (RuntimeApiStandIn api = RuntimeApiStandIn.start()) {
            RuntimeApiStandIn.Invocation invocation = RuntimeApiStandIn.Invocation.of(
                    world.event("tenant-api-get-record.json"), TrainingRun.TENANT);
            api.invoke(invocation);
            try (FunctionProcess process = FunctionProcess.bootstrap(taskRoot, handler,
                    world.environment(PackagedFunction.TENANT_API), api, List.of(), work.resolve("run.log"))) {
                RuntimeApiStandIn.Outcome outcome = api.awaitOutcome(invocation.requestId(), ANSWER);
                if (!outcome.isResponse() || !outcome.body().contains("\"statusCode\":200")) {
                    throw new IllegalStateException(handler + " answered " + outcome.body() + "\n"
                            + process.output());
                }
                return (outcome.at() - process.startedAt()) / 1_000_000;
            }
        }
    }

    /** The functions jar, the two libraries and this package's classes, merged (first entry of a name wins). */
    private static Path experimentJar(Path root, Path jar) throws IOException {
        List<Path> jars = new ArrayList<>(List.of(root.resolve("functions/target/execalc-functions-lambda.jar")));
        try (var libraries = Files.list(root.resolve("bench/target/experiment-libraries"))) {
            libraries.sorted().forEach(jars::add);
        }
        Set<String> seen = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path source : jars) {
                try (JarFile in = new JarFile(source.toFile())) {
                    for (JarEntry entry : in.stream().toList()) {
                        String name = entry.getName();
                        if (entry.isDirectory() || name.startsWith("META-INF/") && (name.endsWith(".SF")
                                || name.endsWith(".RSA") || name.endsWith(".DSA") || name.endsWith("MANIFEST.MF"))
                                || name.endsWith("module-info.class") || !seen.add(name)) {
                            continue;
                        }
                        out.putNextEntry(new JarEntry(name));
                        try (InputStream data = in.getInputStream(entry)) {
                            data.transferTo(out);
                        }
                        out.closeEntry();
                    }
                }
            }
            for (Class<?> type : List.of(TypedEventsTenantApi.class, EnhancedClientTenantApi.class,
                    EnhancedClientTenantApi.RecordItem.class, EnhancedClientTenantApi.RecordItem.Builder.class)) {
                String name = type.getName().replace('.', '/') + ".class";
                if (seen.add(name)) {
                    out.putNextEntry(new JarEntry(name));
                    try (InputStream data = LibraryCost.class.getClassLoader().getResourceAsStream(name)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
