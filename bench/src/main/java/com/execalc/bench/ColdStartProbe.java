package com.execalc.bench;

import com.execalc.local.LocalGateway;
import com.execalc.local.LocalCloud;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cold-start probe of docs/PERFORMANCE.md: for each function, fresh JVMs on the deployed jar initialise the
 * handler as Lambda would and serve one event against the local stack's dynalite, under each set of JVM options.
 *
 * <p>Usage: {@code ColdStartProbe <repository root> [runs] [--jar=JAR] [--compare=JAR] [--java=JAVA]}: the jar
 * defaults to the one the build deploys; {@code --compare} adds another build (an older one) under Lambda's default
 * options, interleaved with the rest so that both see the same machine; the JVM defaults to this one's (give the
 * JDK 25 {@code bin/java} to match the deployed runtime). Prints a Markdown table.
 *
 * <p>The class-data variant is an AppCDS archive on JDK 17-23 and an AOT cache (JEP 483/514) on JDK 24+, trained by
 * one run of the same function and event.
 */
public final class ColdStartProbe {

    /** Lambda's Java 17+ managed runtimes start the JVM with C1 only and the serial collector (no SnapStart). */
    private static final List<String> LAMBDA_DEFAULTS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");
    private static final String TENANT = "acme";

    private record Function(String name, String handler, Path event, String tenant) {
    }

    private record Variant(String name, List<String> options, boolean classData, Path jar) {
    }

    private record Run(long totalMs, long initMs, long firstInvokeMs, String status) {
    }

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        int runs = 10;
        Path jar = root.resolve("functions/target/execalc-functions-lambda.jar");
        Path jvm = Path.of(System.getProperty("java.home"), "bin", "java");
        Path compared = null;
        for (String arg : List.of(args).subList(1, args.length)) {
            if (arg.startsWith("--compare=")) {
                compared = Path.of(arg.substring("--compare=".length())).toAbsolutePath();
            } else if (arg.startsWith("--jar=")) {
                jar = Path.of(arg.substring("--jar=".length())).toAbsolutePath();
            } else if (arg.startsWith("--java=")) {
                jvm = Path.of(arg.substring("--java=".length())).toAbsolutePath();
            } else {
                runs = Integer.parseInt(arg);
            }
        }
        int feature = featureVersion(jvm);
        Probe probe = new Probe(jvm, feature);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Build the deployed jar first: " + jar);
        }
        Path work = Files.createTempDirectory("execalc-cold-start");
        Path runner = runnerJar(work);
        try (LocalCloud stack = LocalCloud.start(0)) {
            LocalApi api = new LocalApi(stack.baseUri());
            api.registerTenant(TENANT);
            String token = api.token(TENANT, "alice", "admin");
            LocalApi.expect(201, api.send("PUT", "/namespaces/orders", token, null));
            LocalApi.expect(201, api.send("PUT", "/namespaces/orders/records/order-1001", token,
                    "{\"customer\":\"c-42\",\"total\":129.9}"));

            List<Function> functions = List.of(
                    new Function("authorizer", "com.execalc.api.AuthorizerHandler",
                            authorizerEvent(root, work, token), null),
                    new Function("tenant-api (GET record)", "com.execalc.api.TenantApiHandler",
                            root.resolve("events/tenant-api-get-record.json"), TENANT),
                    new Function("control-plane (init only)", "com.execalc.api.ControlPlaneHandler", null, null),
                    new Function("audit-shipper (init only)", "com.execalc.api.AuditShipperHandler", null, null));
            Map<String, String> environment = environment(stack);
            List<Variant> variants = new ArrayList<>(List.of(
                    new Variant("JVM defaults (C2, G1)", List.of(), false, jar),
                    new Variant("Lambda defaults (C1 only, serial GC)", LAMBDA_DEFAULTS, false, jar),
                    new Variant("Lambda defaults + " + (feature >= 24 ? "AOT cache" : "AppCDS archive"), LAMBDA_DEFAULTS,
                            true, jar)));
            if (compared != null) {
                variants.add(new Variant("Lambda defaults, " + compared.getFileName(), LAMBDA_DEFAULTS, false,
                        compared));
            }

            StringBuilder table = new StringBuilder()
                    .append("| Function | JVM options | Runs | First response, median | max | Init, median"
                            + " | First invoke, median |\n|---|---|---|---|---|---|---|\n");
            for (Function function : functions) {
                Path archive = work.resolve(function.handler() + (feature >= 24 ? ".aot" : ".jsa"));
                probe.train(runner, jar, function, environment, archive);
                Map<Variant, List<Run>> results = new LinkedHashMap<>();
                for (int run = 0; run < runs; run++) {
                    // each round starts with another variant, so that none always runs first or last
                    for (int i = 0; i < variants.size(); i++) {
                        Variant variant = variants.get((run + i) % variants.size());
                        List<String> options = new ArrayList<>(variant.options());
                        if (variant.classData()) {
                            options.add(probe.useArchive(archive));
                        }
                        results.computeIfAbsent(variant, v -> new ArrayList<>())
                                .add(probe.once(runner, variant.jar(), function, environment, options));
                    }
                }
                results.forEach((variant, measured) -> table.append(row(function, variant, measured)));
            }
            System.out.println("Deployed jar: " + jar.getFileName() + ", " + Files.size(jar) + " bytes ("
                    + String.format("%.1f", Files.size(jar) / 1024.0 / 1024.0) + " MiB)");
            System.out.println("Java: " + jvm + " (feature version " + feature + "), "
                    + Runtime.getRuntime().availableProcessors() + " cores");
            System.out.println(table);
        }
    }

    /** The JVM and jar under test. */
    private record Probe(Path jvm, int feature) {

        /** One training run that writes the function's class-data archive (AppCDS) or AOT cache. */
        void train(Path runner, Path jar, Function function, Map<String, String> environment, Path archive)
                throws IOException, InterruptedException {
            List<String> options = new ArrayList<>(LAMBDA_DEFAULTS);
            options.add(feature >= 24 ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive);
            once(runner, jar, function, environment, options);
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("The training run wrote no archive for " + function.name());
            }
            // these refuse to start unless the archive maps: proof that the measured runs really use it
            List<String> check = new ArrayList<>(LAMBDA_DEFAULTS);
            if (feature >= 24) {
                check.add("-XX:AOTMode=on");
            } else {
                check.add("-Xshare:on");
            }
            check.add(useArchive(archive));
            once(runner, jar, function, environment, check);
        }

        String useArchive(Path archive) {
            return feature >= 24 ? "-XX:AOTCache=" + archive : "-XX:SharedArchiveFile=" + archive;
        }

        Run once(Path runner, Path jar, Function function, Map<String, String> environment, List<String> options)
                throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(jvm.toString());
            command.addAll(options);
            command.add("-cp");
            command.add(jar + File.pathSeparator + runner);
            command.add(ColdStartOnce.class.getName());
            command.add(function.handler());
            command.add(function.event() == null ? "-" : function.event().toString());
            command.add(function.tenant() == null ? "-" : function.tenant());
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().clear();
            builder.environment().putAll(environment);
            long started = System.nanoTime();
            Process process = builder.start();
            String line;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                line = lastLine(out);
            }
            long answered = System.nanoTime();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || line == null) {
                process.destroyForcibly();
                throw new IllegalStateException(function.name() + " did not start with " + options + ": " + line);
            }
            String[] fields = line.split(" ");
            String status = fields[2];
            if (function.event() != null && !(status.equals("200") || status.equals("Allow"))) {
                throw new IllegalStateException(function.name() + " answered " + status + ", not a served request");
            }
            return new Run((answered - started) / 1_000_000, Long.parseLong(fields[0]), Long.parseLong(fields[1]),
                    status);
        }
    }

    /** The JVM's feature version, from {@code java -version}. */
    private static int featureVersion(Path jvm) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jvm.toString(), "-version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher version = Pattern.compile("version \"(\\d+)").matcher(output);
        if (!version.find()) {
            throw new IllegalStateException("Cannot tell the version of " + jvm + ": " + output);
        }
        return Integer.parseInt(version.group(1));
    }

    /** The handlers log their request lines to stdout; the probe's own line is the last one. */
    private static String lastLine(BufferedReader out) throws IOException {
        String last = null;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.matches("\\d+ \\d+ \\S+")) {
                return line;
            }
            last = line;
        }
        return last;
    }

    private static String row(Function function, Variant variant, List<Run> runs) {
        return "| " + function.name() + " | " + variant.name() + " | " + runs.size()
                + " | " + median(runs.stream().mapToLong(Run::totalMs).toArray()) + " ms"
                + " | " + runs.stream().mapToLong(Run::totalMs).max().orElseThrow() + " ms"
                + " | " + median(runs.stream().mapToLong(Run::initMs).toArray()) + " ms"
                + " | " + (function.event() == null ? "-"
                : median(runs.stream().mapToLong(Run::firstInvokeMs).toArray()) + " ms") + " |\n";
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /**
     * What the local stack gives its functions (every variable each of them reads, as {@code GET /_local/functions}
     * serves it), plus a {@code PATH}: not a list of its own, which would fall behind when a function needs another.
     */
    private static Map<String, String> environment(LocalCloud stack) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        stack.functions().forEach(function -> environment.putAll(function.environment()));
        return environment;
    }

    /** The sample authorizer event with a real token of the seeded tenant, for a route of the local API. */
    private static Path authorizerEvent(Path root, Path work, String token) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode event = (ObjectNode) json.readTree(root.resolve("events/authorizer-request.json").toFile());
        event.put("methodArn", LocalGateway.API_ARN + "/" + LocalGateway.STAGE + "/GET/me");
        ((ObjectNode) event.get("headers")).put("Authorization", "Bearer " + token);
        event.remove("multiValueHeaders");
        Path file = work.resolve("authorizer-event.json");
        json.writeValue(file.toFile(), event);
        return file;
    }

    /** A jar of the probe's runner alone: AppCDS archives only classes that come from jars. */
    private static Path runnerJar(Path work) throws IOException {
        Path jar = work.resolve("probe-runner.jar");
        String[] classes = {"ColdStartOnce", "ColdStartOnce$ProbeContext", "ColdStartOnce$ProbeContext$1"};
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : classes) {
                String entry = "com/execalc/bench/" + name + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = ColdStartProbe.class.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IllegalStateException("Missing probe class " + entry);
                    }
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
