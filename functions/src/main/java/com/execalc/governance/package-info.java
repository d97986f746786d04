/**
 * Governance: the global invariants, tenant policies that may only tighten them, and the one engine that decides every
 * tenant request.
 *
 * <p>Invariants of this package:
 * <ul>
 *   <li>The global invariants are code ({@link com.execalc.governance.GlobalInvariants}, versioned); a tenant's
 *       effective policy is computed for each request from the invariants and that tenant's own policy only, and a
 *       policy that would loosen any invariant is refused whole ({@link com.execalc.governance.PolicyModel}, which
 *       declares the direction of "stricter" once per field).</li>
 *   <li>Every tenant request is decided by {@link com.execalc.governance.GovernanceEngine}, asked once per request by
 *       the request pipeline only; an allowed request gets a {@link com.execalc.governance.Permit}, a denied one a
 *       {@link com.execalc.governance.GovernanceDeniedException} whose decision says why.</li>
 *   <li>Only this package makes permits (package-private constructor, and an architecture test): the engine for
 *       tenant requests, {@link com.execalc.governance.OperatorGovernance} for the control plane's operators.
 *       Writing an audit event ahead and every data-changing method take one, so nothing is changed undecided.</li>
 *   <li>Fixed rules no policy can change: every member may describe its session and read the policy, only admins may
 *       change it, so no policy can lock a tenant out of its own governance.</li>
 * </ul>
 */
package com.execalc.governance;
