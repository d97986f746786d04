package com.execalc.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.execalc.audit.EventIds;
import com.execalc.audit.IngressDenialAudit;
import com.execalc.controlplane.TenantRegistry;
import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;
import com.execalc.governance.GlobalInvariants;
import com.execalc.ingress.AuthorizationDecision;
import com.execalc.ingress.InvalidTokenException;
import com.execalc.ingress.MethodArn;
import com.execalc.ingress.SigningKeysUnavailableException;
import com.execalc.ingress.TenantAuthorizer;
import com.execalc.ingress.TenantDirectoryUnavailableException;
import com.execalc.ingress.TokenVerifier;
import com.execalc.observability.LogSink;
import com.execalc.observability.RequestOutcome;
import com.execalc.observability.Telemetry;
import com.execalc.tenancy.TenantContext;
import com.execalc.wiring.AwsClients;
import com.execalc.wiring.Configuration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point of the API Gateway REQUEST authorizer.
 *
 * <p>An invalid or missing token fails the invocation with the message {@code Unauthorized}, which API Gateway answers
 * with 401; a valid token that may not pass gets a Deny policy (403); otherwise an Allow policy for the routes of the
 * principal's plane plus the tenant context. When the tenant registry or the issuer's signing keys cannot be read it
 * decides nothing and fails otherwise (a retryable 503, never cached); each failed fetch of the signing keys is also
 * counted ({@code SigningKeysUnreachable}). One log line per authorization; never the token.
 */
public final class AuthorizerHandler implements RequestStreamHandler {

    /** The function's name in metrics and logs. */
    public static final String FUNCTION = "authorizer";

    /** The audit action of a member's request refused at ingress. */
    private static final String DENIED_ACTION = "ingress.authorize";

    private final TenantAuthorizer authorizer;
    private final LambdaJson json;
    private final Telemetry telemetry;
    private final Clock clock;

    /** Used by Lambda: reads the configuration from the environment. */
    public AuthorizerHandler() {
        this(Configuration.fromSystemEnvironment());
    }

    public AuthorizerHandler(Configuration config) {
        this(config, LogSink.stdout());
    }

    /** An authorizer whose log lines go to {@code logs}: the local stack and tests capture them. */
    public AuthorizerHandler(Configuration config, LogSink logs) {
        this(config, new Telemetry(logs, FUNCTION));
    }

    private AuthorizerHandler(Configuration config, Telemetry telemetry) {
        this(authorizer(config, telemetry), new LambdaJson(), telemetry, Clock.systemUTC());
    }

    public AuthorizerHandler(TenantAuthorizer authorizer, LambdaJson json, Telemetry telemetry, Clock clock) {
        this.authorizer = authorizer;
        this.json = json;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    private static TenantAuthorizer authorizer(Configuration config, Telemetry telemetry) {
        AwsClients clients = AwsClients.of(config);
        Clock clock = Clock.systemUTC();
        IngressDenialAudit refusals = new IngressDenialAudit(clients.tenantAuditAccess(), new EventIds(),
                Clock.systemUTC(), Duration.ofDays(GlobalInvariants.v1().settings().auditRetentionDays()),
                telemetry::auditEvent, telemetry::failure);
        return new TenantAuthorizer(TokenVerifier.forRemoteKeys(config.tokenSettings(), clock,
                servedFromCache -> telemetry.signingKeysUnreachable(servedFromCache, clock.instant())),
                new TenantRegistry(clients.platformDynamoDb(), config.registryTable()),
                (member, reason, requestId, auditShards) -> {
                    // a registered tenant's member refused at ingress: the refusal goes into that tenant's audit
                    TenantContext denied = new TenantContext(member.tenantId(), member.subject(), member.roles(),
                            requestId, auditShards);
                    refusals.refuse(requestId, () -> denied, null, DENIED_ACTION, reason,
                            ApiErrors.status(ErrorCode.FORBIDDEN));
                });
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context lambda) {
        long started = System.nanoTime();
        RequestOutcome outcome = new RequestOutcome();
        outcome.route("AUTHORIZE");
        // read as a tree, like the proxy events (ApiRequest): three fields do not justify reflective binding
        ObjectNode event = json.readEvent(input);
        String requestId = event.path("requestContext").path("requestId").textValue();
        if (requestId == null) {
            requestId = lambda.getAwsRequestId();
        }
        String methodArn = event.path("methodArn").textValue();
        AuthorizationDecision decision;
        try {
            decision = authorizer.authorize(authorizationHeader(event), methodArn, requestId);
        } catch (InvalidTokenException e) {
            outcome.decision(RequestOutcome.UNAUTHENTICATED);
            // the 401 carries no reason (API Gateway's); the log line does, so that an operator can tell why
            outcome.reason(e.getMessage());
            telemetry.request(outcome, requestId, 401, elapsed(started), clock.instant());
            throw new UnauthorizedException(e);
        } catch (TenantDirectoryUnavailableException | SigningKeysUnavailableException e) {
            // no decision, so nothing API Gateway could cache: to API Gateway an authorizer configuration error,
            // answered with the retryable 503 (GatewayResponse)
            outcome.decision("UNAVAILABLE");
            telemetry.request(outcome, requestId, 503, elapsed(started), clock.instant());
            throw e;
        }
        if (decision instanceof AuthorizationDecision.Allow allow) {
            outcome.decision("ALLOW");
            Object tenant = allow.context().get(TenantContext.TENANT_ID_KEY);
            outcome.tenantId(tenant instanceof String id ? id : null);
        } else {
            outcome.decision("DENY");
            outcome.reason(((AuthorizationDecision.Deny) decision).reason());
            outcome.tenantId(((AuthorizationDecision.Deny) decision).tenantId());
        }
        json.write(output, toResponse(decision, methodArn));
        telemetry.request(outcome, requestId, decision instanceof AuthorizationDecision.Allow ? 200 : 403,
                elapsed(started), clock.instant());
    }

    private static long elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    /** The {@code Authorization} header, whatever its case; {@code null} when absent or not text. */
    private static String authorizationHeader(JsonNode event) {
        JsonNode headers = event.get("headers");
        if (headers == null || !headers.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = headers.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> header = fields.next();
            if (header.getKey().equalsIgnoreCase("Authorization")) {
                return header.getValue().textValue();
            }
        }
        return null;
    }

    private static Map<String, Object> toResponse(AuthorizationDecision decision, String methodArn) {
        Map<String, Object> response = new LinkedHashMap<>();
        if (decision instanceof AuthorizationDecision.Allow allow) {
            response.put("principalId", allow.principalId());
            response.put("policyDocument", policy("Allow", allow.resources()));
            response.put("context", allow.context());
            if (allow.usageKey() != null) {
                response.put("usageIdentifierKey", allow.usageKey());
            }
        } else {
            AuthorizationDecision.Deny deny = (AuthorizationDecision.Deny) decision;
            response.put("principalId", deny.principalId());
            response.put("policyDocument", policy("Deny", List.of(MethodArn.parse(methodArn).everyRoute())));
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("reason", deny.reason());
            if (deny.tenantId() != null) {
                context.put(TenantContext.TENANT_ID_KEY, deny.tenantId());
            }
            response.put("context", context);
        }
        return response;
    }

    private static Map<String, Object> policy(String effect, List<String> resources) {
        return Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Action", "execute-api:Invoke",
                "Effect", effect,
                "Resource", resources)));
    }

    /**
     * Fails the authorizer invocation so that API Gateway answers 401. API Gateway matches the exact message
     * {@code Unauthorized}; the cause (never the token) stays in the function's logs.
     */
    public static final class UnauthorizedException extends ExecalcException {
        UnauthorizedException(Throwable cause) {
            super(ErrorCode.UNAUTHENTICATED, "Unauthorized", cause);
        }
    }
}
