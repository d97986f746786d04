/**
 * The request pipeline: the one way through for every tenant request, decided by construction.
 *
 * <p>{@link com.execalc.pipeline.TenantPipeline} runs the same stages once per request, in order: open the execution
 * context (the tenant from the authorizer only), open the tenant's data access, start the audit event, read the
 * tenant's policy, refuse client values that name another tenant, plan the request from its route's
 * {@link com.execalc.pipeline.TenantRoute specification} (input read, facts gathered), decide, call the route's
 * capability, and complete the audit event.
 *
 * <p>Invariants of this package:
 * <ul>
 *   <li>Every tenant request is decided exactly once, here, and by nothing else: no route calls the
 *       {@link com.execalc.governance.GovernanceEngine} (an architecture test), and a route's specification has no
 *       way to ask it.</li>
 *   <li>Decided before data is touched, checked by the compiler: a route's capability runs only with the
 *       {@link com.execalc.governance.Permit} the decision gave, and writing an audit event ahead and every method
 *       that changes data take that permit. Planning, which runs before the decision, holds none; the facts that need
 *       a read (the namespace count for the limit) are read there, with the request's own data access.</li>
 *   <li>Exactly one audit event per request, whatever happens: the pipeline completes it unless the capability wrote
 *       it ahead, with the status the request is answered (given by the HTTP adapters, which own status numbers).</li>
 *   <li>Every stage runs inside the request's execution context, which is closed when the request ends; the pipeline
 *       holds no request's state.</li>
 *   <li>Nothing here knows HTTP: a route's input is whatever its adapter passes (it must expose the values the
 *       foreign-tenant check reads), and its answer anything with a status.</li>
 * </ul>
 */
package com.execalc.pipeline;
