/**
 * Ingress: where a request gets its one tenant.
 *
 * <p>Invariants of this package:
 * <ul>
 *   <li>A bearer token is accepted only when its signature, by an algorithm {@link TokenSettings#algorithms()} lists
 *       (RS256, ES256 and PS256 by default; asymmetric only), verifies against the issuer's JWKS, its header
 *       {@code typ} (if any) is one {@link TokenSettings#tokenTypes()} lists, and its {@code iss}, audience,
 *       {@code exp}, {@code nbf} and {@code iat} hold; {@code alg: none} and HMAC never pass.</li>
 *   <li>A token resolves to exactly one principal: one tenant with at least one tenant role, or a platform operator
 *       with no tenant. Zero tenants, several tenants, or a tenant plus the platform role are rejected.</li>
 *   <li>A token that says its kind ({@code token_use}) must be of the one kind {@link TokenSettings#tokenUse()}
 *       accepts (access tokens by default), with the app client where that kind names it. The tenant and roles are
 *       read where the settings say ({@link ClaimPath}); provider role values count only as {@link RoleMap} maps
 *       them.</li>
 *   <li>A tenant passes only while the tenant registry says it is ACTIVE. A lookup failure lets nothing pass and
 *       decides nothing: an error (503 to the client), not a Deny that API Gateway would cache for the token.</li>
 *   <li>The same holds for the issuer's signing keys: when they cannot be fetched, keys fetched before keep verifying
 *       for a short outage; without any, nothing is verified and nothing decided (503), never a 401 for a token that
 *       may be valid. Every failed fetch is counted for an alarm.</li>
 *   <li>Tenant principals may invoke the tenant routes, and the control-plane routes only to be refused there (the
 *       control plane refuses every member and audits the refusal in the member's tenant); platform operators only the
 *       control-plane routes.</li>
 *   <li>The tenant, once resolved, is the only one: a client value that names another (a header or query parameter
 *       whose name contains "tenant", a body field {@code tenantId}, {@code tenant_id} or {@code tenant}) is refused
 *       by {@link com.execalc.ingress.ForeignTenantGuard}, which the request pipeline runs for every tenant request,
 *       and is never used as the tenant.</li>
 *   <li>No error, log line or decision ever carries the token.</li>
 * </ul>
 */
package com.execalc.ingress;
