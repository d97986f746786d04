/**
 * The Lambda handlers and their HTTP adapters: proxy events in, proxy responses out.
 *
 * <p>Invariants of this package:
 * <ul>
 *   <li>Handlers are thin: the tenant API's hands each request to the {@link com.execalc.pipeline.TenantPipeline} with
 *       its route's specification ({@code TenantRoutes}, one per tenant route, complete by construction); the
 *       authorizer, control plane and audit shipper handlers hand theirs to {@code ingress}, {@code controlplane}
 *       and {@code audit}. Each function is put together in one place (its handler's wiring, or {@link
 *       com.execalc.api.TenantApi}), with one {@link com.execalc.wiring.AwsClients}.</li>
 *   <li>The route adapters only translate: they read and validate a request's input, name the facts its decision
 *       needs and call its capability with the permit the pipeline gives them; they never ask governance and never
 *       write data themselves (architecture tests).</li>
 *   <li>Failures become the JSON error shape in one place, {@link com.execalc.api.ApiErrors}, by their
 *       {@link com.execalc.errors.ErrorCode} alone; the status number of each kind of failure is decided there and
 *       nowhere else.</li>
 *   <li>Events are read as JSON trees and never bound by reflection; handlers keep no per-request state (an
 *       architecture test), and nothing outside this package depends on it.</li>
 * </ul>
 */
package com.execalc.api;
