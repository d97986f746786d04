/**
 * The tenancy kernel: who the tenant of a request is, and the per-request execution context.
 *
 * <p>Invariants of this package:
 * <ul>
 *   <li>A {@link com.execalc.tenancy.TenantId} can never hold a delimiter, wildcard or non-ASCII character, so it is
 *       safe inside DynamoDB keys and IAM condition values.</li>
 *   <li>A {@link com.execalc.tenancy.TenantContext} is built only from the authorizer's output; nothing here reads a
 *       tenant from a path, query, body or client header.</li>
 *   <li>An {@link com.execalc.tenancy.ExecutionContext} serves exactly one request of exactly one tenant, is closed
 *       when the request ends, and refuses every use after it is closed.</li>
 *   <li>Nothing in this package knows DynamoDB, HTTP or Lambda event shapes: it depends on the JDK and on the error
 *       codes ({@code com.execalc.errors}) only, so its failures carry a kind of failure, never a status number.</li>
 * </ul>
 */
package com.execalc.tenancy;
