package com.execalc.packaging;

import com.execalc.local.LocalFunction;
import com.execalc.local.LocalGateway;
import com.execalc.local.LocalCloud;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The world a package is trained and tested in: a local stack (dynalite, the tables, the token issuer) whose tenant
 * {@value #TENANT} is registered, and the invocations that make a function's first requests.
 *
 * <p>A training run starts the package's {@code bootstrap --aot-train=...}: the real handler behind the runtime
 * interface client, on the package's own runtime image, fed by a {@link RuntimeApiStandIn}. It serves the function's
 * sample events from {@code events/} (the authorizer also a token the local issuer signed), then gets SIGTERM, as
 * Lambda ends an environment, and the JVM writes the AOT cache as it exits.
 */
public final class TrainingRun implements AutoCloseable {

    /** The tenant of the sample events. */
    public static final String TENANT = "acme";

    private static final Duration ANSWER = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final LocalCloud stack;
    private boolean seeded;

    private TrainingRun(Path root, LocalCloud stack) {
        this.root = root;
        this.stack = stack;
    }

    /** Starts the local stack of a training run; {@code root} is the repository. */
    public static TrainingRun start(Path root) {
        return new TrainingRun(root, LocalCloud.start(0));
    }

    public LocalCloud stack() {
        return stack;
    }

    /** The environment the local stack runs {@code function} with ({@code GET /_local/functions}). */
    public Map<String, String> environment(PackagedFunction function) {
        return stack.functions().stream().filter(f -> f.name().equals(function.functionName()))
                .map(LocalFunction::environment).findFirst()
                .orElseThrow(() -> new IllegalStateException("The local stack has no " + function.functionName()));
    }

    /**
     * Registers {@value #TENANT} through the local control plane, once. The packaged control plane trains before
     * this: its sample event registers the same tenant and must not find it there.
     */
    public synchronized void seed() {
        if (seeded) {
            return;
        }
        String operator = stack.issuer().mint(null, "ops", List.of("platform-admin"), Duration.ofHours(1));
        HttpResponse<String> created = send("POST", "/tenants", operator,
                "{\"tenantId\":\"" + TENANT + "\",\"displayName\":\"Acme Corp\"}");
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("Could not register " + TENANT + ": " + created.body());
        }
        seeded = true;
    }

    /** A token of {@value #TENANT}'s admin {@code alice}, signed by the local issuer. */
    public String token() {
        return stack.issuer().mint(TENANT, "alice", List.of("admin"), Duration.ofHours(1));
    }

    /**
     * What a function's training serves: each sample event, and for the authorizer first the sample with a real
     * token for a route of the local API. Each with the tenant Lambda would name for it (tenant API only).
     */
    public List<RuntimeApiStandIn.Invocation> invocations(PackagedFunction function) {
        List<RuntimeApiStandIn.Invocation> invocations = new ArrayList<>();
        if (function == PackagedFunction.AUTHORIZER) {
            invocations.add(RuntimeApiStandIn.Invocation.of(authorizerEvent(token()), null));
        }
        for (String event : function.events()) {
            invocations.add(RuntimeApiStandIn.Invocation.of(event(event),
                    function == PackagedFunction.TENANT_API ? TENANT : null));
        }
        return invocations;
    }

    /** The sample authorizer event with {@code token}, for {@code GET /me} of the local API. */
    public byte[] authorizerEvent(String token) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(root.resolve("events/authorizer-request.json").toFile());
            event.put("methodArn", LocalGateway.API_ARN + "/" + LocalGateway.STAGE + "/GET/me");
            ((ObjectNode) event.get("headers")).put("Authorization", "Bearer " + token);
            event.remove("multiValueHeaders");
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample event of {@code events/}. */
    public byte[] event(String name) {
        try {
            return Files.readAllBytes(root.resolve("events").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Trains the package staged in {@code taskRoot}: writes {@code output}.
     *
     * @throws IllegalStateException when a sample event is not answered, or no cache is written
     */
    public void train(PackagedFunction function, Path taskRoot, Path output, Path log)
            throws InterruptedException {
        train(function, function.handler(), taskRoot, output, log);
    }

    /** As {@link #train(PackagedFunction, Path, Path, Path)}, with another handler on the function's events. */
    public void train(PackagedFunction function, String handler, Path taskRoot, Path output, Path log)
            throws InterruptedException {
        if (function != PackagedFunction.CONTROL_PLANE) {
            seed();
        }
        try (RuntimeApiStandIn api = RuntimeApiStandIn.start();
             FunctionProcess process = FunctionProcess.bootstrap(taskRoot, handler,
                     environment(function), api, List.of("--aot-train=" + output), log)) {
            for (RuntimeApiStandIn.Invocation invocation : invocations(function)) {
                api.invoke(invocation);
                RuntimeApiStandIn.Outcome outcome;
                try {
                    outcome = api.awaitAnswer(invocation.requestId(), ANSWER, process.process());
                } catch (TimeoutException | IllegalStateException e) {
                    throw new IllegalStateException("The training run of " + function.functionName()
                            + " did not answer an event within " + ANSWER + ":\n" + process.output(), e);
                }
                if (outcome.kind().equals("init-error")) {
                    throw new IllegalStateException("The training run of " + function.functionName()
                            + " could not initialise " + handler + ": " + outcome.body());
                }
            }
            // the JVM writes the cache at exit, in a child JVM that assembles it: give it time
            int exit = process.stop(180);
            if (!Files.isRegularFile(output)) {
                throw new IllegalStateException("The training run of " + function.functionName()
                        + " wrote no AOT cache (exit " + exit + "):\n" + process.output());
            }
        }
    }

    /**
     * Starts the package with {@code -XX:AOTMode=on}, under which the JVM exits at once unless the cache maps, and
     * waits for its handler to be initialised and asking for work.
     *
     * @throws IllegalStateException when it is not
     */
    public void requireCacheMaps(PackagedFunction function, Path taskRoot, Path log) throws InterruptedException {
        requireCacheMaps(function, function.handler(), taskRoot, log);
    }

    /** As {@link #requireCacheMaps(PackagedFunction, Path, Path)}, with another handler. */
    public void requireCacheMaps(PackagedFunction function, String handler, Path taskRoot, Path log)
            throws InterruptedException {
        try (RuntimeApiStandIn api = RuntimeApiStandIn.start();
             FunctionProcess process = FunctionProcess.bootstrap(taskRoot, handler,
                     environment(function), api, List.of("--aot-require"), log)) {
            long deadline = System.nanoTime() + ANSWER.toNanos();
            while (api.nextCalls() == 0) {
                if (!process.process().isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("The AOT cache of " + function.functionName()
                            + " does not map (-XX:AOTMode=on):\n" + process.output());
                }
                Thread.sleep(5);
            }
        }
    }

    /** A request to the local stack's API, as a client with {@code token} sends it. */
    public HttpResponse<String> send(String method, String path, String token, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(stack.baseUri() + path))
                    .header("Authorization", "Bearer " + token)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(30)).build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stack.close();
    }
}
