/**
 * The audit verifier a tenant runs by itself ({@code ./execalc verify-audit}): it fetches its events and digests through
 * the public API only ({@code GET /me}, {@code /audit}, {@code /audit/digests}, {@code /audit/signing-key}) and checks
 * them with the public key alone.
 *
 * <p>Invariants: nothing here reads a table, a file of the stack or a key other than the published (or the pinned)
 * public key; every check that fails names the event, the period or the link it failed on; a failure is never
 * downgraded to a warning.
 */
package com.execalc.verify;
