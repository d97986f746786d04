package com.execalc.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.execalc.api.AuditDigesterHandler;
import com.execalc.api.AuditShipperHandler;
import com.execalc.api.AuthorizerHandler;
import com.execalc.api.ControlPlaneHandler;
import com.execalc.api.TenantApiHandler;
import com.execalc.ingress.GatewayResponse;
import com.execalc.ingress.Plane;
import com.execalc.ingress.Route;
import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.TenantId;
import com.execalc.wiring.Configuration;
import com.execalc.wiring.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A local emulation of the API Gateway REST API in front of the functions.
 *
 * <p>For each request it does what API Gateway does: match the route, invoke the REQUEST authorizer with the same event
 * shape (or reuse its cached decision, when {@link GatewaySettings} ask for a cache), evaluate the returned policy
 * against the method ARN, pass the authorizer's {@code tenantId} to Lambda as the invocation's tenant (the
 * {@code X-Amz-Tenant-Id} of the Invoke call; the event keeps the client's own headers), and invoke the integration
 * with a proxy event. Its own answers (no route, a refused or failed authorization, a missing API key, a failed
 * function) are API Gateway's gateway responses as the CDK app configures them ({@link GatewayResponse}), with the
 * request's {@code X-Request-Id} like every other answer. Tenant
 * routes run on
 * one {@link TenantApiHandler} instance per tenant, as in Lambda's tenant-isolation mode; the authorizer and control
 * plane are ordinary shared functions. It also serves the local-only endpoints under {@code /_local/}.
 */
public final class LocalGateway implements AutoCloseable {

    /** The id of the local REST API. */
    public static final String API_ID = "execalc";
    /** The execute-api ARN prefix of the local API. */
    public static final String API_ARN = "arn:aws:execute-api:local:000000000000:" + API_ID;
    /** The stage name of the local API. */
    public static final String STAGE = "local";

    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final Duration TOKEN_TTL = Duration.ofHours(1);

    private final HttpServer server;
    private final ExecutorService executor;
    private final LocalIssuer issuer;
    private final Configuration configuration;
    private final AuthorizerHandler authorizer;
    private final ControlPlaneHandler controlPlane;
    private final ConcurrentMap<String, TenantApiHandler> tenantEnvironments = new ConcurrentHashMap<>();
    private final CapturedLogs logs;
    private final LocalAuditStream auditStream;
    private final LocalUsageKeys usageKeys;
    private final ObjectMapper json = new ObjectMapper();
    private final GatewaySettings settings;
    private final Clock clock;
    /** Authorizer decisions by {@code Authorization} header, while {@link GatewaySettings#authorizerCacheTtl} lasts. */
    private final ConcurrentMap<String, CachedDecision> authorizerCache = new ConcurrentHashMap<>();
    private final List<LocalFunction> functions;

    private record CachedDecision(JsonNode decision, java.time.Instant expires) {
    }

    /**
     * Binds 127.0.0.1:{@code port} (0 picks a free port) and starts serving.
     *
     * @param functionEnvironment the environment of the functions, without the token settings, which the gateway adds
     *                            for its own issuer
     * @param logs                where the functions' log lines go
     * @param tenantLogs          the per-tenant audit log files, standing in for CloudWatch log groups
     * @param admin               a client with full access to dynalite, for the stand-in of the audit stream
     */
    public LocalGateway(int port, Map<String, String> functionEnvironment, Clock clock, CapturedLogs logs,
                        LocalTenantLogs tenantLogs, DynamoDbClient admin, GatewaySettings settings)
            throws IOException {
        this.settings = settings;
        this.clock = clock;
        // without TCP_NODELAY every small response waits ~40 ms for delayed ACKs; set before the server class loads
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        issuer = new LocalIssuer(base + "/_local", clock);
        Map<String, String> env = new HashMap<>(functionEnvironment);
        env.put(Setting.JWT_ISSUER.variable(), issuer.issuer());
        env.put(Setting.JWT_AUDIENCE.variable(), LocalIssuer.AUDIENCE);
        env.put(Setting.JWKS_URI.variable(), base + "/_local/.well-known/jwks.json");
        // the SDK's global endpoint override: a packaged control plane or shipper run against this stack reaches
        // this gateway (a 404) instead of AWS for CloudWatch Logs, API Gateway and STS; DynamoDB keeps its own
        env.put(Setting.AWS_ENDPOINT_URL.variable(), base + "/_local/aws");
        configuration = Configuration.of(env);
        functions = List.of(
                new LocalFunction(AuthorizerHandler.FUNCTION, AuthorizerHandler.class.getName(), env),
                new LocalFunction(TenantApiHandler.FUNCTION, TenantApiHandler.class.getName(), env),
                new LocalFunction(ControlPlaneHandler.FUNCTION, ControlPlaneHandler.class.getName(), env),
                new LocalFunction(AuditShipperHandler.FUNCTION, AuditShipperHandler.class.getName(), env),
                new LocalFunction(AuditDigesterHandler.FUNCTION, AuditDigesterHandler.class.getName(), env));
        this.logs = logs;
        authorizer = new AuthorizerHandler(configuration, logs);
        usageKeys = new LocalUsageKeys();
        // the control plane flushes this gateway's authorizer cache, as it flushes the deployed stage's
        controlPlane = new ControlPlaneHandler(configuration, logs, tenantLogs, usageKeys, authorizerCache::clear);
        auditStream = new LocalAuditStream(admin, configuration.tables().auditTable(), configuration.registryTable(),
                new AuditShipperHandler(configuration, logs, tenantLogs));
        executor = Executors.newFixedThreadPool(32);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public LocalIssuer issuer() {
        return issuer;
    }

    /** The configuration the functions run with. */
    public Configuration configuration() {
        return configuration;
    }

    /** The five functions with the environment this gateway runs them with, as {@code GET /_local/functions} serves. */
    public List<LocalFunction> functions() {
        return functions;
    }

    /** The functions' log lines. */
    public CapturedLogs logs() {
        return logs;
    }

    /** The stand-in for API Gateway's API keys: tests disable one the way the control plane does. */
    LocalUsageKeys usageKeys() {
        return usageKeys;
    }

    /** The stand-in for the audit table's stream, which feeds the audit shipper. */
    public LocalAuditStream auditStream() {
        return auditStream;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        auditStream.close();
    }

    private void serve(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        // on every answer, as the deployed gateway maps it from context.requestId onto its own; a function's is the same
        exchange.getResponseHeaders().set("X-Request-Id", requestId);
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                answer(exchange, GatewayResponse.REQUEST_TOO_LARGE, requestId);
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith("/_local/")) {
                serveLocal(exchange, path, body, requestId);
            } else {
                serveApi(exchange, path, body, requestId);
            }
        } catch (RuntimeException e) {
            send(exchange, 500, error("INTERNAL", "The local gateway failed: " + e.getClass().getSimpleName(), requestId));
        }
    }

    private void serveLocal(HttpExchange exchange, String path, byte[] body, String requestId) throws IOException {
        String method = exchange.getRequestMethod();
        switch (method + " " + path) {
            case "GET /_local/health" -> send(exchange, 200, json.createObjectNode().put("status", "ok"));
            case "GET /_local/.well-known/jwks.json" -> send(exchange, 200, json.readTree(issuer.jwksJson()));
            case "GET /_local/functions" -> send(exchange, 200, functionsJson());
            case "POST /_local/token" -> {
                try {
                    JsonNode request = json.readTree(body);
                    String tenant = request.hasNonNull("tenant") ? request.get("tenant").asText() : null;
                    String subject = request.hasNonNull("sub") ? request.get("sub").asText() : "local-user";
                    List<String> roles = new ArrayList<>();
                    request.path("roles").forEach(role -> roles.add(role.asText()));
                    String token = issuer.mint(tenant, subject, roles, TOKEN_TTL);
                    send(exchange, 200, json.createObjectNode().put("token", token)
                            .put("expiresIn", TOKEN_TTL.toSeconds()));
                } catch (InvalidInputException | IOException e) {
                    send(exchange, 400, error("INVALID_REQUEST", "Give {\"tenant\",\"sub\",\"roles\":[...]}: "
                            + e.getMessage(), requestId));
                }
            }
            default -> send(exchange, 404, error("NOT_FOUND", "No such local endpoint.", requestId));
        }
    }

    private void serveApi(HttpExchange exchange, String rawPath, byte[] body, String requestId) throws IOException {
        String method = exchange.getRequestMethod();
        RouteMatch match = RouteMatch.find(method, rawPath);
        if (match == null) {
            answer(exchange, GatewayResponse.MISSING_AUTHENTICATION_TOKEN, requestId);
            return;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        Map<String, List<String>> query = parseQuery(exchange.getRequestURI().getRawQuery());
        String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        String methodArn = API_ARN + "/" + STAGE + "/" + method + path;

        Supplier<ObjectNode> authorizerEvent = () -> {
            ObjectNode event = json.createObjectNode()
                    .put("type", "REQUEST")
                    .put("methodArn", methodArn)
                    .put("resource", match.route().resourcePath())
                    .put("path", path)
                    .put("httpMethod", method);
            event.set("headers", singleValues(headers));
            event.set("queryStringParameters", singleValues(query));
            event.set("pathParameters", json.valueToTree(match.pathParameters()));
            event.set("requestContext", requestContext(requestId, match.route(), method, path, null));
            return event;
        };

        JsonNode decision;
        try {
            decision = authorize(headers, authorizerEvent, requestId);
        } catch (AuthorizerFailure failure) {
            // as API Gateway: only the exact message Unauthorized is a 401; any other failure, and an output that is
            // not a valid decision, is an authorizer configuration error, which is never cached
            answer(exchange, failure.unauthorized() ? GatewayResponse.UNAUTHORIZED
                    : GatewayResponse.AUTHORIZER_CONFIGURATION_ERROR, requestId);
            return;
        }
        if (!PolicyDecision.allows(decision.path("policyDocument"), methodArn)) {
            streamAuditOf(decision.path("context").path("tenantId").asText(null));
            answer(exchange, GatewayResponse.ACCESS_DENIED, requestId);
            return;
        }

        if (match.route().plane() == Plane.TENANT
                && usageKeys.tierOf(decision.path("usageIdentifierKey").asText(null)) == null) {
            // tenant methods require an API key, which the authorizer supplies: no key in a usage plan, no entry
            answer(exchange, GatewayResponse.INVALID_API_KEY, requestId);
            return;
        }
        ObjectNode authorizerContext = decision.path("context").isObject()
                ? ((ObjectNode) decision.get("context")).deepCopy() : json.createObjectNode();
        authorizerContext.put("principalId", decision.path("principalId").asText());
        String tenantId = authorizerContext.hasNonNull("tenantId") ? authorizerContext.get("tenantId").asText() : null;
        ObjectNode proxyEvent = json.createObjectNode()
                .put("resource", match.route().resourcePath())
                .put("path", path)
                .put("httpMethod", method)
                .put("isBase64Encoded", false);
        proxyEvent.set("headers", singleValues(headers));
        proxyEvent.set("multiValueHeaders", json.valueToTree(headers));
        proxyEvent.set("queryStringParameters", singleValues(query));
        proxyEvent.set("multiValueQueryStringParameters", query.isEmpty() ? null : json.valueToTree(query));
        proxyEvent.set("pathParameters", match.pathParameters().isEmpty() ? null : json.valueToTree(match.pathParameters()));
        proxyEvent.set("requestContext", requestContext(requestId, match.route(), method, path, authorizerContext));
        if (body.length > 0) {
            proxyEvent.put("body", new String(body, StandardCharsets.UTF_8));
        }

        RequestStreamHandler integration;
        LocalLambdaContext lambda;
        if (match.route().plane() == Plane.TENANT) {
            // API Gateway maps X-Amz-Tenant-Id <- context.authorizer.tenantId onto Lambda's Invoke call, not into the
            // event: Lambda runs the request in that tenant's environment (here: one handler instance per tenant) and
            // reports the tenant as Context.getTenantId(); the event keeps the client's headers as they were
            // Lambda tenant-isolation mode: one execution environment (here: one handler instance) per tenant
            String environment = tenantId == null ? "" : tenantId;
            integration = tenantEnvironments.computeIfAbsent(environment,
                    ignored -> new TenantApiHandler(configuration, logs));
            lambda = new LocalLambdaContext(requestId, "tenant-api", tenantId);
        } else {
            integration = controlPlane;
            lambda = new LocalLambdaContext(requestId, "control-plane", null);
        }
        JsonNode response;
        try {
            response = invoke(integration, proxyEvent, lambda);
        } catch (RuntimeException e) {
            answer(exchange, GatewayResponse.INTEGRATION_FAILURE, requestId);
            return;
        }
        response.path("headers").fields().forEachRemaining(header ->
                exchange.getResponseHeaders().set(header.getKey(), header.getValue().asText()));
        int status = response.path("statusCode").asInt(502);
        String responseBody = response.hasNonNull("body") ? response.get("body").asText() : null;
        // scheduled before the client sees the answer, so that a test awaiting the stream after it never misses it;
        // a member refused by the control plane is audited in its own tenant, an operator's request in the target's
        streamAuditOf(tenantId);
        if (match.route().plane() == Plane.CONTROL) {
            streamAuditOf(controlPlaneTarget(match, body));
        }
        sendRaw(exchange, status, responseBody == null ? null : responseBody.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Invokes the authorizer, or reuses its decision for the same {@code Authorization} header while the cache TTL
     * lasts, as API Gateway does. Failures (401, authorizer errors, invalid output) are never cached.
     *
     * @throws AuthorizerFailure when the authorizer failed or answered something that is not a decision
     */
    private JsonNode authorize(Map<String, List<String>> headers, Supplier<ObjectNode> event, String requestId) {
        String identity = headers.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Authorization"))
                .map(header -> String.join(",", header.getValue()))
                .findFirst().orElse(null);
        boolean cached = identity != null && !settings.authorizerCacheTtl().isZero();
        if (cached) {
            CachedDecision hit = authorizerCache.get(identity);
            if (hit != null && clock.instant().isBefore(hit.expires())) {
                return hit.decision();
            }
        }
        JsonNode decision;
        try {
            decision = invoke(authorizer, event.get(), new LocalLambdaContext(requestId, "authorizer", null));
        } catch (RuntimeException failed) {
            throw new AuthorizerFailure("Unauthorized".equals(failed.getMessage()));
        }
        if (!isDecision(decision)) {
            throw new AuthorizerFailure(false);
        }
        if (cached) {
            authorizerCache.put(identity, new CachedDecision(decision,
                    clock.instant().plus(settings.authorizerCacheTtl())));
        }
        return decision;
    }

    /** The authorizer failed; {@code unauthorized} when it failed with the one message API Gateway answers 401. */
    private static final class AuthorizerFailure extends RuntimeException {
        private final boolean unauthorized;

        AuthorizerFailure(boolean unauthorized) {
            super(unauthorized ? "Unauthorized" : "Authorizer error", null, false, false);
            this.unauthorized = unauthorized;
        }

        boolean unauthorized() {
            return unauthorized;
        }
    }

    /**
     * Whether an authorizer output is one API Gateway accepts: a principal id, a policy document with statements, and
     * a context (if any) of strings, numbers and booleans only.
     */
    static boolean isDecision(JsonNode output) {
        if (!output.path("principalId").isTextual() || !output.path("policyDocument").path("Statement").isArray()
                || output.path("policyDocument").path("Statement").isEmpty()) {
            return false;
        }
        JsonNode context = output.path("context");
        if (context.isMissingNode() || context.isNull()) {
            return true;
        }
        if (!context.isObject()) {
            return false;
        }
        for (JsonNode value : context) {
            if (!value.isValueNode() || value.isNull()) {
                return false;
            }
        }
        return true;
    }

    /** Hands the tenant's new audit events to the shipper, as the audit table's stream would. */
    private void streamAuditOf(String tenant) {
        if (settings.streamAudit() && tenant != null && TenantId.isValid(tenant)) {
            auditStream.changed(TenantId.of(tenant));
        }
    }

    private ObjectNode functionsJson() {
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("functions");
        for (LocalFunction function : functions) {
            ObjectNode entry = list.addObject().put("name", function.name()).put("handler", function.handler());
            ObjectNode environment = entry.putObject("environment");
            new java.util.TreeMap<>(function.environment()).forEach(environment::put);
        }
        return body;
    }

    private String controlPlaneTarget(RouteMatch match, byte[] body) {
        String fromPath = match.pathParameters().get("tenantId");
        if (fromPath != null) {
            return fromPath;
        }
        try {
            return json.readTree(body).path("tenantId").asText(null);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    private ObjectNode requestContext(String requestId, Route route, String method, String path, ObjectNode authorizer) {
        ObjectNode context = json.createObjectNode()
                .put("requestId", requestId)
                .put("resourcePath", route.resourcePath())
                .put("httpMethod", method)
                .put("path", "/" + STAGE + path)
                .put("stage", STAGE)
                .put("apiId", "execalc")
                .put("accountId", "000000000000");
        if (authorizer != null) {
            context.set("authorizer", authorizer);
        }
        return context;
    }

    private JsonNode invoke(RequestStreamHandler handler, JsonNode event, LocalLambdaContext lambda) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(json.writeValueAsBytes(event)), out, lambda);
            return json.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("A function wrote an unreadable response", e);
        }
    }

    private JsonNode singleValues(Map<String, List<String>> multi) {
        if (multi.isEmpty()) {
            return null;
        }
        ObjectNode single = json.createObjectNode();
        multi.forEach((name, values) -> single.put(name, values.get(values.size() - 1)));
        return single;
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
        }
        return query;
    }

    /** One of API Gateway's own answers, exactly as the deployed API gives it. */
    private void answer(HttpExchange exchange, GatewayResponse answer, String requestId) throws IOException {
        send(exchange, answer.status(), error(answer.code(), answer.message(), requestId));
    }

    private ObjectNode error(String code, String message, String requestId) {
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("code", code).put("message", message).put("requestId", requestId);
        return body;
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        sendRaw(exchange, status, json.writeValueAsBytes(body));
    }

    private static void sendRaw(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (body == null || body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    /** A route matched against a request path, with its decoded path parameters. */
    record RouteMatch(Route route, Map<String, String> pathParameters) {

        static RouteMatch find(String method, String rawPath) {
            String[] segments = rawPath.split("/", -1);
            for (Route route : Route.values()) {
                if (!route.method().equals(method)) {
                    continue;
                }
                String[] template = route.resourcePath().split("/", -1);
                if (template.length != segments.length) {
                    continue;
                }
                Map<String, String> parameters = new LinkedHashMap<>();
                boolean matches = true;
                for (int i = 0; i < template.length && matches; i++) {
                    if (template[i].startsWith("{") && template[i].endsWith("}")) {
                        matches = !segments[i].isEmpty();
                        parameters.put(template[i].substring(1, template[i].length() - 1),
                                URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8));
                    } else {
                        matches = template[i].equals(segments[i]);
                    }
                }
                if (matches) {
                    return new RouteMatch(route, parameters);
                }
            }
            return null;
        }
    }

    /** Evaluates an authorizer policy like API Gateway: an explicit Deny wins, else an Allow must match. */
    static final class PolicyDecision {

        private PolicyDecision() {
        }

        static boolean allows(JsonNode policy, String methodArn) {
            boolean allowed = false;
            for (JsonNode statement : policy.path("Statement")) {
                if (!coversInvoke(statement.path("Action")) || !matchesAny(statement.path("Resource"), methodArn)) {
                    continue;
                }
                String effect = statement.path("Effect").asText();
                if ("Deny".equals(effect)) {
                    return false;
                }
                allowed |= "Allow".equals(effect);
            }
            return allowed;
        }

        private static boolean coversInvoke(JsonNode action) {
            return matchesAny(action, "execute-api:Invoke");
        }

        private static boolean matchesAny(JsonNode patterns, String value) {
            if (patterns.isTextual()) {
                return ArnPattern.matches(patterns.asText(), value);
            }
            Iterator<JsonNode> elements = patterns instanceof ArrayNode array ? array.elements()
                    : java.util.Collections.emptyIterator();
            while (elements.hasNext()) {
                if (ArnPattern.matches(elements.next().asText(), value)) {
                    return true;
                }
            }
            return false;
        }
    }
}
