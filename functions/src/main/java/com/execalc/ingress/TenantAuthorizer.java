package com.execalc.ingress;

import com.execalc.tenancy.TenantContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a bearer token may pass ingress, and for which routes.
 *
 * <ul>
 *   <li>invalid token → {@link InvalidTokenException} (401);</li>
 *   <li>tenant member of an unknown, suspended, purging or purged tenant, or without any tenant role → Deny (403);</li>
 *   <li>tenant member of an offboarding tenant → Allow as below, with the status in the context: the pipeline lets
 *       only {@code GET /me} and {@code GET /export} through (403 {@code TENANT_OFFBOARDING}, audited);</li>
 *   <li>tenant member → Allow for the tenant routes, and for the control-plane routes, whose function refuses members
 *       itself and audits the refusal in the member's own tenant (a refusal by the gateway would leave no event);
 *       platform operator → Allow for the control-plane routes only (an operator has no tenant to audit in: a tenant
 *       route is refused by API Gateway itself, 403).</li>
 * </ul>
 * The decision depends on the token alone, never on the route it is first used for, because API Gateway caches it per
 * {@code Authorization} header and applies it to every route for the cache's lifetime.
 */
public final class TenantAuthorizer {

    /** The only accepted prefix of the {@code Authorization} header: this case, one space. */
    private static final String BEARER = "Bearer ";

    private final TokenVerifier verifier;
    private final TenantDirectory directory;
    private final DenialRecorder denials;

    /** @param denials records denials of registered tenants' members in their tenant's audit trail */
    public TenantAuthorizer(TokenVerifier verifier, TenantDirectory directory, DenialRecorder denials) {
        this.verifier = verifier;
        this.directory = directory;
        this.denials = denials;
    }

    /**
     * @param authorizationHeader the {@code Authorization} header, {@code Bearer <token>}
     * @param methodArn           the method the request targets; only its API and stage are used
     * @param requestId           the API Gateway request id, carried in the tenant context
     * @throws InvalidTokenException               when the token is missing or invalid
     * @throws TenantDirectoryUnavailableException when the tenant's standing cannot be read: no decision is made
     */
    public AuthorizationDecision authorize(String authorizationHeader, String methodArn, String requestId) {
        Principal principal = verifier.verify(bearerToken(authorizationHeader));
        MethodArn api = MethodArn.parse(methodArn);
        if (principal instanceof Principal.PlatformOperator operator) {
            return new AuthorizationDecision.Allow("platform:" + operator.subject(), resourcesOf(api, Plane.CONTROL),
                    Map.of(TenantContext.SUBJECT_KEY, operator.subject(),
                            TenantContext.ROLES_KEY, TokenVerifier.PLATFORM_ADMIN_ROLE), null);
        }
        Principal.TenantMember member = (Principal.TenantMember) principal;
        String principalId = member.tenantId() + ":" + member.subject();
        Optional<TenantStanding> standing;
        try {
            standing = directory.standingOf(member.tenantId());
        } catch (RuntimeException e) {
            throw new TenantDirectoryUnavailableException(e);
        }
        if (standing.isEmpty()) {
            // no audit: a tenant that does not exist owns no data, not even audit events
            return new AuthorizationDecision.Deny(principalId, "TENANT_UNKNOWN", member.tenantId().value());
        }
        if (!standing.get().status().admitsMembers()) {
            return denied(member, principalId, "TENANT_" + standing.get().status().name(), requestId, standing.get());
        }
        if (member.roles().isEmpty()) {
            return denied(member, principalId, "NO_TENANT_ROLE", requestId, standing.get());
        }
        // the shard count rides in the context: the tenant API never reads the registry
        // an offboarding tenant's members pass with their status, which the pipeline narrows to GET /me and export:
        // the decision stays the token's alone (it is cached for every route), and each refusal is audited there
        TenantContext context = new TenantContext(member.tenantId(), member.subject(), member.roles(), requestId,
                standing.get().auditShards(), standing.get().status());
        List<String> resources = new ArrayList<>(resourcesOf(api, Plane.TENANT));
        resources.addAll(resourcesOf(api, Plane.CONTROL));
        return new AuthorizationDecision.Allow(principalId, resources, context.toAuthorizerContext(),
                standing.get().usageKey());
    }

    private AuthorizationDecision denied(Principal.TenantMember member, String principalId, String reason,
                                         String requestId, TenantStanding standing) {
        try {
            denials.denied(member, reason, requestId, standing.auditShards());
        } catch (RuntimeException notRecorded) {
            // the denial stands whether or not it could be recorded
        }
        return new AuthorizationDecision.Deny(principalId, reason, member.tenantId().value());
    }

    /**
     * The token of exactly {@code Bearer <token>}: one spelling per token, because API Gateway caches a decision per
     * header value, and each other spelling of a refused member's token would be one more authorization (and audited
     * denial) to pay for. The token itself has one accepted form too ({@link TokenVerifier}).
     */
    private static String bearerToken(String header) {
        if (header == null) {
            throw new InvalidTokenException("No Authorization header.");
        }
        if (!header.startsWith(BEARER)) {
            throw new InvalidTokenException("The Authorization header is not exactly 'Bearer <token>'.");
        }
        return header.substring(BEARER.length());
    }

    private static List<String> resourcesOf(MethodArn api, Plane plane) {
        return Arrays.stream(Route.values())
                .filter(route -> route.plane() == plane)
                .map(api::resourceOf)
                .toList();
    }
}
