package com.execalc.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.execalc.api.AuditDigesterHandler;
import com.execalc.api.AuditShipperHandler;
import com.execalc.api.AuthorizerHandler;
import com.execalc.api.ControlPlaneHandler;
import com.execalc.api.TenantApiHandler;
import com.execalc.controlplane.LambdaPurgeContinuation;
import com.execalc.ingress.GatewayResponse;
import com.execalc.ingress.Plane;
import com.execalc.local.ProxyEvents.RouteRequest;
import com.execalc.local.http.HttpRequest;
import com.execalc.local.http.HttpResponse;
import com.execalc.local.http.HttpShell;
import com.execalc.tenancy.TenantId;
import com.execalc.wiring.Configuration;
import com.execalc.wiring.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.UUID;

/**
 * A local emulation of the API Gateway REST API in front of the functions.
 *
 * <p>For each request it does what API Gateway does: match the route ({@link RouteMatch}), run the REQUEST authorizer
 * with the same event shape, or reuse its cached decision ({@link AuthorizerStage}), evaluate the returned policy
 * against the method ARN ({@link PolicyDecision}), require the tenant's API key on tenant routes, pass the authorizer's
 * {@code tenantId} to Lambda as the invocation's tenant (the {@code X-Amz-Tenant-Id} of the Invoke call; the event
 * keeps the client's own headers), and invoke the integration with a proxy event ({@link ProxyEvents}). Its own answers
 * (no route, a refused or failed authorization, a missing API key, a failed function, a request it cannot read) are
 * API Gateway's gateway responses as the CDK app configures them ({@link GatewayErrors}), with the request's
 * {@code X-Request-Id} like every other answer. Tenant routes run on one
 * {@link TenantApiHandler} instance per tenant, as in Lambda's tenant-isolation mode; the authorizer and control plane
 * are ordinary shared functions. The local-only endpoints are {@link LocalEndpoints}; the sockets, {@link HttpShell}.
 */
public final class LocalGateway implements AutoCloseable {

    /** The id of the local REST API. */
    public static final String API_ID = "execalc";
    /** The execute-api ARN prefix of the local API. */
    public static final String API_ARN = "arn:aws:execute-api:local:000000000000:" + API_ID;
    /** The stage name of the local API. */
    public static final String STAGE = "local";

    /** API Gateway's payload limit. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** API Gateway's limit on the request line and headers together. */
    static final int MAX_HEAD_BYTES = 10_240;
    static final int MAX_HEADERS = 100;
    static final HttpShell.Limits LIMITS = new HttpShell.Limits(MAX_HEAD_BYTES, MAX_HEADERS, MAX_BODY_BYTES,
            Duration.ofSeconds(30), Duration.ofSeconds(30));

    private final HttpShell shell;
    private final LocalIssuer issuer;
    private final Configuration configuration;
    private final AuthorizerStage authorizer;
    private final ControlPlaneHandler controlPlane;
    private final ConcurrentMap<String, TenantApiHandler> tenantEnvironments = new ConcurrentHashMap<>();
    private final CapturedLogs logs;
    private final LocalAuditStream auditStream;
    private final LocalUsageKeys usageKeys;
    private final ObjectMapper json = new ObjectMapper();
    private final LambdaInvoker invoker = new LambdaInvoker(json);
    /** Runs the rounds of long purges, as Lambda runs the control plane's asynchronous invocations of itself. */
    private final ExecutorService continuations = Executors.newSingleThreadExecutor();
    private final ProxyEvents events = new ProxyEvents(json);
    private final GatewayErrors errors = new GatewayErrors();
    private final LocalEndpoints endpoints;
    private final GatewaySettings settings;
    private final List<LocalFunction> functions;

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
        this.logs = logs;
        // bound first: the issuer, the JWKS URL and AWS_ENDPOINT_URL name its port; connections wait until serve()
        shell = HttpShell.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), LIMITS,
                errors::refusal);
        try {
            String base = "http://127.0.0.1:" + shell.port();
            issuer = new LocalIssuer(base + "/_local", clock);
            Map<String, String> env = new HashMap<>(functionEnvironment);
            // the local issuer's, unless the stack was told another provider's (./execalc up --issuer ...)
            if (!env.containsKey(Setting.JWT_ISSUER.variable())) {
                env.put(Setting.JWT_ISSUER.variable(), issuer.issuer());
                env.put(Setting.JWT_AUDIENCE.variable(), LocalIssuer.AUDIENCE);
                env.put(Setting.JWKS_URI.variable(), issuer.jwksUri());
            }
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
            authorizer = new AuthorizerStage(new AuthorizerHandler(configuration, logs), invoker,
                    settings.authorizerCacheTtl(), clock);
            usageKeys = new LocalUsageKeys(admin);
            // the control plane flushes this gateway's authorizer cache, as it flushes the deployed stage's, and
            // continues a long purge on a thread of its own, as the deployed function invokes itself without waiting
            controlPlane = new ControlPlaneHandler(configuration, logs, tenantLogs, usageKeys, authorizer::flush,
                    (operator, tenant) -> continuations.execute(() -> continuePurge(operator, tenant)));
            auditStream = new LocalAuditStream(admin, configuration.tables().auditTable(),
                    configuration.registryTable(), new AuditShipperHandler(configuration, logs, tenantLogs));
            endpoints = new LocalEndpoints(issuer, functions, errors, json);
        } catch (RuntimeException e) {
            shell.close();
            throw e;
        }
        shell.serve(this::handle);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + shell.port());
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
        shell.close();
        continuations.shutdownNow();
        auditStream.close();
    }

    /** Answers one request that the shell read; never throws. */
    HttpResponse handle(HttpRequest request) {
        try {
            if (LocalEndpoints.isLocal(request.rawPath())) {
                return endpoints.serve(request);
            }
            RouteMatch match = RouteMatch.find(request.method(), request.rawPath());
            if (match == null) {
                return errors.answer(GatewayResponse.MISSING_AUTHENTICATION_TOKEN, request.requestId());
            }
            return serveRoute(RouteRequest.of(request, match));
        } catch (IOException | RuntimeException e) {
            return errors.error(500, GatewayResponse.DEFAULT_5XX.code(),
                    "The local gateway failed: " + e.getClass().getSimpleName(), request.requestId())
                    .withHeader(GatewayErrors.GATEWAY_RESPONSE_HEADER, GatewayResponse.DEFAULT_5XX.name());
        }
    }

    private HttpResponse serveRoute(RouteRequest request) {
        JsonNode decision;
        try {
            decision = authorizer.authorize(request.identity(), () -> events.authorizerEvent(request),
                    request.requestId());
        } catch (AuthorizerStage.AuthorizerFailure failure) {
            // never cached: a 401 only for the exact message Unauthorized, else a configuration error
            return errors.answer(failure.unauthorized() ? GatewayResponse.UNAUTHORIZED
                    : GatewayResponse.AUTHORIZER_CONFIGURATION_ERROR, request.requestId());
        }
        if (!PolicyDecision.allows(decision.path("policyDocument"), request.methodArn())) {
            streamAuditOf(decision.path("context").path("tenantId").asText(null));
            return errors.answer(GatewayResponse.ACCESS_DENIED, request.requestId());
        }
        Plane plane = request.route().plane();
        if (plane == Plane.TENANT && usageKeys.tierOf(decision.path("usageIdentifierKey").asText(null)) == null) {
            // tenant methods require an API key, which the authorizer supplies: no key in a usage plan, no entry
            return errors.answer(GatewayResponse.INVALID_API_KEY, request.requestId());
        }
        ObjectNode authorizerContext = events.authorizerContext(decision);
        String tenantId = authorizerContext.hasNonNull("tenantId") ? authorizerContext.get("tenantId").asText() : null;

        RequestStreamHandler integration;
        LocalLambdaContext lambda;
        if (plane == Plane.TENANT) {
            // API Gateway maps X-Amz-Tenant-Id <- context.authorizer.tenantId onto Lambda's Invoke call, not into the
            // event: Lambda runs the request in that tenant's environment (here: one handler instance per tenant) and
            // reports the tenant as Context.getTenantId(); the event keeps the client's headers as they were
            integration = tenantEnvironments.computeIfAbsent(tenantId == null ? "" : tenantId,
                    ignored -> new TenantApiHandler(configuration, logs));
            lambda = new LocalLambdaContext(request.requestId(), "tenant-api", tenantId);
        } else {
            integration = controlPlane;
            lambda = new LocalLambdaContext(request.requestId(), "control-plane", null);
        }
        JsonNode response;
        try {
            response = invoker.invoke(integration, events.proxyEvent(request, authorizerContext), lambda);
        } catch (RuntimeException e) {
            return errors.answer(GatewayResponse.INTEGRATION_FAILURE, request.requestId());
        }
        // scheduled before the client sees the answer, so that a test awaiting the stream after it never misses it;
        // a member refused by the control plane is audited in its own tenant, an operator's request in the target's
        streamAuditOf(tenantId);
        if (plane == Plane.CONTROL) {
            streamAuditOf(controlPlaneTarget(request));
        }
        return proxyResponse(response, request.requestId());
    }

    /** The next round of a purge, invoked as the deployed function's asynchronous call to itself. */
    private void continuePurge(String operator, TenantId tenant) {
        try {
            invoker.invoke(controlPlane, LambdaPurgeContinuation.event(operator, tenant),
                    new LocalLambdaContext(UUID.randomUUID().toString(), "control-plane", null));
            streamAuditOf(tenant.value());
        } catch (RuntimeException failed) {
            // as Lambda after its retries: the purge waits for an operator's next call, which finishes it
            logs.write("{\"message\":\"purge continuation of " + tenant.value() + " failed: "
                    + failed.getClass().getSimpleName() + "\"}");
        }
    }

    /** A function's proxy response as the client gets it: its status, headers and body. */
    private HttpResponse proxyResponse(JsonNode response, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.path("headers").fields().forEachRemaining(header ->
                headers.put(header.getKey(), header.getValue().asText()));
        int status = response.path("statusCode").asInt(502);
        String body = response.hasNonNull("body") ? response.get("body").asText() : null;
        try {
            return new HttpResponse(status, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notAnHttpAnswer) {
            return errors.answer(GatewayResponse.INTEGRATION_FAILURE, requestId); // a status or header HTTP cannot carry
        }
    }

    /** Hands the tenant's new audit events to the shipper, as the audit table's stream would. */
    private void streamAuditOf(String tenant) {
        if (settings.streamAudit() && tenant != null && TenantId.isValid(tenant)) {
            auditStream.changed(TenantId.of(tenant));
        }
    }

    private String controlPlaneTarget(RouteRequest request) {
        String fromPath = request.match().pathParameters().get("tenantId");
        if (fromPath != null) {
            return fromPath;
        }
        try {
            return json.readTree(request.body()).path("tenantId").asText(null);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }
}
