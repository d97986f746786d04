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
 *   <li>A namespace is deleted only while it holds no records: it is first marked DELETING, checked empty, then
 *       removed; a record created into a namespace being deleted is rolled back. No transactions are needed.</li>
 * </ul>
 */
package com.execalc.data;
