/**
 * Tenant data access: the only way code reaches DynamoDB on a tenant's behalf, and the two layers that keep it inside
 * the tenant.
 *
 * <h2>Key design</h2>
 * Both tenant tables have the string key {@code pk} (partition) + {@code sk} (sort). The partition key always leads with
 * the tenant id, which can hold neither {@code #} nor a wildcard:
 * <pre>
 * table  pk                  sk                 item
 * data   &lt;tenant&gt;            NS#&lt;namespace&gt;      a namespace of the tenant
 * data   &lt;tenant&gt;            NAMESPACES         the tenant's namespace slots: a map name &rarr; claiming event id
 * data   &lt;tenant&gt;            POLICY             the tenant's governance policy
 * data   &lt;tenant&gt;#&lt;namespace&gt; REC#&lt;record id&gt;     a record (current version) in that namespace
 * data   &lt;tenant&gt;#&lt;namespace&gt; EXE#&lt;execution id&gt;  a governed execution in that namespace
 * audit  &lt;tenant&gt;            &lt;event id&gt;         an audit event in shard 0; event ids sort by time
 * audit  &lt;tenant&gt;#a&lt;k&gt;      &lt;event id&gt;         an audit event in shard k (1 to 15)
 * audit  (the event's pk)   #SHIPPED#&lt;event id&gt;  the shipper's ledger entry, next to its event
 * audit  &lt;tenant&gt;            #RETENTION#&lt;days&gt;  a retention mark: the tenant's policy asked to keep events that long
 * </pre>
 * A namespace's contents live in their own partition, so one large tenant spreads over many partition keys while
 * {@code dynamodb:LeadingKeys} still pins every key to {@code <tenant>} or {@code <tenant>#*}. A tenant's audit events
 * are spread over its audit shard count (1 to 16, from the registry through the authorizer's context) of partitions,
 * each event by the random part of its id, so that one tenant is not capped by one partition's write throughput;
 * {@code dynamodb:LeadingKeys} pins audit keys to {@code <tenant>} or {@code <tenant>#a*}. One shard is exactly the
 * layout from before sharding. See docs/SCALING-AUDIT.md.
 *
 * <h2>Access patterns</h2>
 * Every read is a GetItem or a Query on one of the caller's partitions: list namespaces (Query {@code pk=<tenant>},
 * {@code sk} begins with {@code NS#}), list records (Query {@code pk=<tenant>#<ns>}, {@code sk} begins with
 * {@code REC#}), read the audit trail (a Query on each audit shard of the tenant, by event id range, merged by event
 * id), read the tenant's longest retention mark (Query {@code pk=<tenant>}, {@code sk} begins with {@code #RETENTION#},
 * newest first, one item). Records and executions carry their namespace's incarnation, and a list of records filters
 * on it within the namespace's partition (never on a tenant). A namespace create claims a slot with one conditional
 * UpdateItem on the slots item ({@code SET slots.<name>} while {@code size(slots) < max} and the name is unclaimed);
 * the item is put first when the tenant has none, since DynamoDB refuses to set a path inside a missing map. A purge
 * reads each of the tenant's data partitions keys-only (Query {@code pk=<tenant>} and {@code pk=<tenant>#<ns>} with no
 * sort key condition) and deletes with BatchWriteItem on the data table only, every key the tenant's. No code path
 * scans, uses PartiQL or needs a transaction.
 *
 * <h2>Invariants of this package</h2>
 * <ul>
 *   <li>Keys are built only by {@link com.execalc.access.TenantKeys} from the open execution context; no other code
 *       concatenates a tenant id into a key.</li>
 *   <li>Layer 1 (AWS): each request's calls are signed with credentials from STS AssumeRole on the tenant-access role,
 *       narrowed by a {@link com.execalc.access.SessionPolicy} generated for that tenant; the function's own role has
 *       no DynamoDB data access.</li>
 *   <li>Layer 2 (in process): {@link com.execalc.access.TenantKeyGuard} refuses, before it leaves the process, any
 *       request whose keys do not lead with the context's tenant, any request the session policy would not allow, any
 *       Scan or PartiQL, and any request made outside an open execution context.</li>
 *   <li>Data access is owned by the execution context and dies with it. A request's credentials provider dies with it
 *       too; the STS session behind it is reused only by later requests of the same tenant with the same session
 *       policy: in an environment Lambda isolated for that tenant, or, for the audit role alone, in the authorizer
 *       ({@link com.execalc.access.StsTenantCredentials.Reuse}). A session is never handed to another tenant.</li>
 * </ul>
 */
package com.execalc.access;
