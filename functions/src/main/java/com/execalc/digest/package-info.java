/**
 * Verifiable audit: signed, chained digests of each tenant's audit trail, which any tenant can check offline with the
 * public API and the public key.
 *
 * <p>Invariants of this package:
 * <ul>
 *   <li>The canonical form of an event is defined once ({@link com.execalc.digest.CanonicalEvent}) and covers every
 *       stored attribute of the event, its TTL and its shard included; the digester and the audit API derive it from the
 *       same view of the stored item.</li>
 *   <li>Each tenant, shard and closed period gets exactly one digest, an empty period too (count 0); periods of a shard
 *       follow each other without gaps from the tenant's registration, and each digest holds its predecessor's hash.</li>
 *   <li>The digester reads a tenant's events only inside an execution context of that tenant, with its scoped
 *       credentials and the guard, by Query on its audit partitions; it finds tenants in the registry's directory
 *       index, never by a Scan.</li>
 *   <li>A digest is signed once and archived write-once before it is served; a period already archived is served as
 *       archived, never signed again. Digests are never rewritten.</li>
 *   <li>Deployed, digests are signed only by the KMS key ({@link com.execalc.digest.KmsDigestSigner}, each signature
 *       checked against the published key) and archived only in the Object Lock bucket
 *       ({@link com.execalc.digest.S3DigestArchive}, {@code If-None-Match: *}); the local key and files are for the
 *       local stack, whose folder setting a deployed function refuses.</li>
 *   <li>Nothing that serves digests needs trusting: a verifier checks counts, roots, the chain and the signatures.</li>
 * </ul>
 */
package com.execalc.digest;
