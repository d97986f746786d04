package com.execalc.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * {@code ./execalc invoke <function> <event.json> [--tenant T] [--stack URL]}: one event through a packaged function,
 * against a running local stack ({@code ./execalc up}): its zip unpacked, its {@code bootstrap} started with the
 * environment {@code GET /_local/functions} gives it, a {@link RuntimeApiStandIn} handing it the event (with
 * {@code Lambda-Runtime-Aws-Tenant-Id} when a tenant is given). Prints what the function posted; exits 1 unless it
 * was a response.
 */
public final class InvokePackage {

    private static final Duration ANSWER = Duration.ofSeconds(60);

    private InvokePackage() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("Usage: ./execalc invoke <authorizer|tenant-api|control-plane|audit-shipper|audit-digester> "
                    + "<event.json> [--tenant T] [--stack http://127.0.0.1:3000]");
            System.exit(2);
        }
        Path root = Path.of(System.getProperty("execalc.root", ".")).toAbsolutePath().normalize();
        PackagedFunction function = PackagedFunction.named(args[0]);
        String tenant = null;
        URI stack = URI.create("http://127.0.0.1:" + System.getenv().getOrDefault("EXECALC_PORT", "3000"));
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--tenant" -> tenant = args[i + 1];
                case "--stack" -> stack = URI.create(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        Path log = Files.createTempFile("execalc-invoke-" + function.functionName() + "-", ".log");
        RuntimeApiStandIn.Outcome outcome = invoke(stack, function, Files.readAllBytes(Path.of(args[1])), tenant,
                function.zip(root.resolve(PackagedFunction.PACKAGES)), log);
        System.err.print(Files.readString(log));
        System.out.println(outcome.kind() + (outcome.errorType() == null ? "" : " " + outcome.errorType()) + ": "
                + outcome.body());
        System.exit(outcome.isResponse() ? 0 : 1);
    }

    /** Serves {@code event} with the packaged {@code function} of {@code zip}; its output goes to {@code log}. */
    public static RuntimeApiStandIn.Outcome invoke(URI stack, PackagedFunction function, byte[] event, String tenant,
                                                   Path zip, Path log)
            throws IOException, InterruptedException, TimeoutException {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " does not exist: ./execalc package builds it");
        }
        Map<String, String> environment = environment(stack, function);
        Path taskRoot = Files.createTempDirectory("execalc-invoke-" + function.functionName() + "-");
        Zips.extract(zip, taskRoot);
        try (RuntimeApiStandIn api = RuntimeApiStandIn.start();
             FunctionProcess process = FunctionProcess.bootstrap(taskRoot, function.handler(), environment, api,
                     List.of(), log)) {
            RuntimeApiStandIn.Invocation invocation = RuntimeApiStandIn.Invocation.of(event, tenant);
            api.invoke(invocation);
            try {
                return api.awaitAnswer(invocation.requestId(), ANSWER, process.process());
            } catch (IllegalStateException exited) {
                throw new IllegalStateException(function.functionName() + ": " + exited.getMessage() + "\n"
                        + process.output(), exited);
            }
        }
    }

    /** The function's environment as the running stack serves it at {@code GET /_local/functions}. */
    static Map<String, String> environment(URI stack, PackagedFunction function)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                stack.resolve("/_local/functions")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(stack + "/_local/functions answered " + response.statusCode()
                    + ": is ./execalc up running there?");
        }
        for (JsonNode served : new ObjectMapper().readTree(response.body()).path("functions")) {
            if (served.path("name").asText().equals(function.functionName())) {
                Map<String, String> environment = new LinkedHashMap<>();
                served.path("environment").fields().forEachRemaining(variable ->
                        environment.put(variable.getKey(), variable.getValue().asText()));
                return environment;
            }
        }
        throw new IllegalStateException(stack + " runs no function " + function.functionName());
    }
}
