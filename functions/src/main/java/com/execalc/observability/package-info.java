/**
 * What CloudWatch receives from the functions: one structured JSON line per request, which is also an embedded-metric
 * (EMF) document, one JSON line per audit event, and one EMF line per tampering with the audit table that the shipper
 * sees (the item's key and the kind of change, never its contents).
 *
 * <p>Invariants of this package:
 * <ul>
 *   <li>Lines carry identifiers, routes, statuses, decisions and timings: never a token, never a request or record
 *       payload, never an audit event's details.</li>
 *   <li>The tenant is a property of every line, so Logs Insights can slice by tenant, but a metric dimension only where
 *       its cardinality is bounded: metric dimensions are the function and the route, never the tenant.</li>
 *   <li>Lines are written to standard output as raw JSON objects, one per line, so CloudWatch extracts the metrics and
 *       Logs Insights discovers the fields whatever the function's log format.</li>
 *   <li>Nothing here keeps per-request state between requests.</li>
 * </ul>
 */
package com.execalc.observability;
