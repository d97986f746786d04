/**
 * The tenant's export: everything it owns, in pages, in one stable order.
 *
 * <p>Invariants of this package:
 * <ul>
 *   <li>Every page is GetItem and Query calls on the tenant's own partitions only, with the request's data access (its
 *       session policy and key guard): the policy, the namespace items of the tenant partition, then each namespace's
 *       partition, records then executions. Never a Scan, never another tenant's key.</li>
 *   <li>One stable order: policy, every namespace by name, then for each namespace by name its records by id and its
 *       executions by id. A position in it is a phase, a namespace and the last sort key read; nothing else, so that a
 *       sealed cursor can carry it.</li>
 *   <li>Each item is what the route that reads it reads: the same capability calls (records of a namespace's own
 *       incarnation only), so the export's item and that route's answer have one writer.</li>
 * </ul>
 */
package com.execalc.export;
