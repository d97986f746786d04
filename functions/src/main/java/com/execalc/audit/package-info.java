/**
 * The audit trail: one event per tenant request, in one of the tenant's own audit partitions (its audit shards, picked
 * by the event id; see {@link com.execalc.access.TenantKeys#auditPartitionOf}), read back as one trail by
 * {@link com.execalc.audit.AuditPages}.
 *
 * <p>Invariants of this package:
 * <ul>
 *   <li>Every data-plane request, allowed or denied, produces exactly one {@link com.execalc.audit.AuditEvent}:
 *       {@link com.execalc.audit.RequestAudit} writes it at most once and the request pipeline makes it write it at
 *       least once.</li>
 *   <li>Only a request governance allowed records an ALLOW, with the {@link com.execalc.governance.Permit} it was
 *       given for its action and request; writing an event ahead takes that permit.</li>
 *   <li>A mutation's event is written before the data, with a conditional put; if that write fails the request fails
 *       with 503 and the data is not touched. The data item then carries the id of the event that authorized it.</li>
 *   <li>For a mutation, {@code outcome} is the status the request answers when its write commits; the write committed
 *       exactly when an item carries the event's id. A write that loses a race after its event was written answers
 *       409 or 412 and leaves its event as the record of the attempt.</li>
 *   <li>Audit items are insert-only: no code path updates or deletes them (a put rewrites an item only when it is the
 *       SDK's retry of that very put, which changes nothing), and the tenant session policy allows
 *       neither on the audit table. Any change or removal other than a TTL expiry that reaches the table anyway (IAM
 *       cannot tell a PutItem over an item from an insert) is reported by the shipper as tampering, never shipped.</li>
 *   <li>Events hold no payload data and no token.</li>
 *   <li>An event's {@link com.execalc.audit.AuditEvent.ActorType} is set by the code that writes it (members: the
 *       tenant API and the authorizer; platform operators: the control plane), never derived from a subject: a
 *       subject is the token's, and any member may choose one that looks like an operator's.</li>
 *   <li>The shipper's ledger entry of an event lives in the event's own partition, the one the stream named.</li>
 *   <li>A refusal at the edge of a tenant (the authorizer's denial of a registered tenant's member, the refusal of an
 *       unreadable tenant context) is recorded in that tenant's own partition by
 *       {@link com.execalc.audit.IngressDenialAudit}; a failure to record it is logged and never turns it into an
 *       allow.</li>
 *   <li>Every writer keeps a tenant's events at least as long as the tenant's effective retention: the tenant API from
 *       the policy it reads for the request; the writers that do not read it (the authorizer's denials, the control
 *       plane, refusals before the policy is read) from the tenant's retention marks, which an allowed policy change
 *       inserts before it writes the policy, and which are never changed or removed, so they can only grow. A writer
 *       that cannot read them keeps the event for the longest retention any policy may ask.</li>
 * </ul>
 */
package com.execalc.audit;
