/**
 * The tenant data plane: namespaces and the JSON records in them.
 *
 * <p>Invariants of this package:
 * <ul>
 *   <li>Every item is read and written through {@link com.execalc.access.TenantDynamoDb} with keys from
 *       {@link com.execalc.access.TenantKeys}: nothing here names a tenant, so nothing here can name another one.
 *       Another tenant's namespace or record is simply absent: the same 404 as one that never existed.</li>
 *   <li>Records are versioned; every write is conditional on the version it read, so concurrent writers never lose
 *       an update, and {@code If-Match} turns a stale version into 412.</li>
 *   <li>Every mutation writes its audit event first and stores that event's id on the item it writes.</li>
 *   <li>A namespace is deleted only while it holds no records or executions: it is first marked DELETING, checked
 *       empty, then removed; every writer checks the namespace again after its write, and a record or an execution
 *       written into a namespace being deleted is taken back out. So a delete either fails (409) or leaves nothing
 *       behind. No transactions are needed.</li>
 *   <li>Every item of a namespace carries the namespace's incarnation (the id of the event of the create that made
 *       it), and is read only through a namespace that exists and has that incarnation: an item of a namespace that
 *       no longer exists is a 404, and one that an earlier namespace of the same name left behind (a writer that died
 *       before taking its write back) is never read as the new namespace's.</li>
 * </ul>
 */
package com.execalc.data;
