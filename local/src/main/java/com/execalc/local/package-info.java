/**
 * The local stack: never deployed.
 *
 * <p>It runs the same authorizer and handler classes as Lambda, with the same JSON events, against dynalite, and
 * replaces only what does not exist on a laptop: a token issuer with its JWKS and OIDC discovery document instead of
 * Cognito (or, given {@code ./execalc up --issuer ...}, another provider's keys and claims), a gateway that
 * evaluates the authorizer's policy and maps {@code X-Amz-Tenant-Id} like API Gateway, and one handler instance per
 * tenant, like Lambda's tenant-isolation mode.
 *
 * <p>{@link com.execalc.local.LocalCloud} starts the whole stack. Its {@link com.execalc.local.LocalGateway} is made of
 * a thin HTTP shell ({@link com.execalc.local.http}), the route match ({@link com.execalc.local.RouteMatch}), the
 * authorizer stage with its result cache ({@link com.execalc.local.AuthorizerStage}), the proxy events
 * ({@link com.execalc.local.ProxyEvents}) and the local-only endpoints ({@link com.execalc.local.LocalEndpoints}).
 * Every answer it gives itself is written by the functions' error writer with API Gateway's statuses and codes
 * ({@link com.execalc.local.GatewayErrors}), and every answer of the stack carries {@code X-Request-Id}.
 *
 * <p>{@code GET /_local/functions} serves, for each function, exactly the environment the stack runs it with, so that
 * a packaged function (packaging/) can run against the stack; that environment points every AWS call at the loopback
 * (dynalite for DynamoDB, {@code AWS_ENDPOINT_URL} at this gateway for the rest), never at AWS.
 *
 * <p>{@code ./execalc up} ({@link com.execalc.local.LocalUp}) owns its files under {@code .execalc/} and nothing else:
 * the functions' log lines never share the terminal with the walkthrough unless asked for, data lives in memory unless a
 * data folder is given (then the tables, the API keys and the audit streams live there together), and what it cleans on
 * start is only what an earlier run of it wrote.
 */
package com.execalc.local;
