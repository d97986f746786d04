package com.execalc.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.execalc.controlplane.TenantRegistry;
import com.execalc.ingress.AuthorizationDecision;
import com.execalc.ingress.InvalidTokenException;
import com.execalc.ingress.MethodArn;
import com.execalc.ingress.TenantAuthorizer;
import com.execalc.ingress.TokenVerifier;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point of the API Gateway REQUEST authorizer.
 *
 * <p>An invalid or missing token fails the invocation with the message {@code Unauthorized}, which API Gateway answers
 * with 401; a valid token that may not pass gets a Deny policy (403); otherwise an Allow policy for the routes of the
 * principal's plane plus the tenant context.
 */
public final class AuthorizerHandler implements RequestStreamHandler {

    private final TenantAuthorizer authorizer;
    private final LambdaJson json;

    /** Used by Lambda: reads the configuration from the environment. */
    public AuthorizerHandler() {
        this(Configuration.fromSystemEnvironment());
    }

    public AuthorizerHandler(Configuration config) {
        this(new TenantAuthorizer(TokenVerifier.forRemoteKeys(config.tokenSettings(), Clock.systemUTC()),
                new TenantRegistry(AwsClients.platformDynamoDb(config, AwsClients.httpClient()),
                        config.registryTable())), new LambdaJson());
    }

    public AuthorizerHandler(TenantAuthorizer authorizer, LambdaJson json) {
        this.authorizer = authorizer;
        this.json = json;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context lambda) {
        APIGatewayCustomAuthorizerEvent event = json.readAuthorizerEvent(input);
        String requestId = event.getRequestContext() != null && event.getRequestContext().getRequestId() != null
                ? event.getRequestContext().getRequestId() : lambda.getAwsRequestId();
        AuthorizationDecision decision;
        try {
            decision = authorizer.authorize(authorizationHeader(event), event.getMethodArn(), requestId);
        } catch (InvalidTokenException e) {
            lambda.getLogger().log("{\"level\":\"INFO\",\"requestId\":\"" + requestId
                    + "\",\"authorizer\":\"UNAUTHORIZED\"}\n");
            throw new UnauthorizedException(e);
        }
        json.write(output, toResponse(decision, event.getMethodArn()));
    }

    private static String authorizationHeader(APIGatewayCustomAuthorizerEvent event) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Authorization"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    private static Map<String, Object> toResponse(AuthorizationDecision decision, String methodArn) {
        Map<String, Object> response = new LinkedHashMap<>();
        if (decision instanceof AuthorizationDecision.Allow allow) {
            response.put("principalId", allow.principalId());
            response.put("policyDocument", policy("Allow", allow.resources()));
            response.put("context", allow.context());
        } else {
            AuthorizationDecision.Deny deny = (AuthorizationDecision.Deny) decision;
            response.put("principalId", deny.principalId());
            response.put("policyDocument", policy("Deny", List.of(MethodArn.parse(methodArn).everyRoute())));
            response.put("context", Map.of("reason", deny.reason()));
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
    public static final class UnauthorizedException extends RuntimeException {
        UnauthorizedException(Throwable cause) {
            super("Unauthorized", cause);
        }
    }
}
