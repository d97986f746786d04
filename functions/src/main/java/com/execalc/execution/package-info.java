/**
 * Governed executions: a decision model is evaluated and must pass the execution boundary before anything is acted on.
 *
 * <p>Invariants of this package:
 * <ul>
 *   <li>The calculation is a pure function of the model: no state, no cache, nothing learned from one execution is used
 *       for another, let alone another tenant's (no cross-tenant optimisation).</li>
 *   <li>It is deterministic to the last digit: exact decimal arithmetic with a fixed precision, scores rounded
 *       half-even to six places, ties broken by option name.</li>
 *   <li>The boundary checks, in this order: expired → BLOCK; a governance limit of the tenant's effective policy
 *       exceeded → BLOCK; an option without a score for some criterion → RECOMPUTE (no ranking); risk at or above the
 *       effective escalation level → ESCALATE (ranking computed, flagged for human review); otherwise ALLOW.</li>
 *   <li>Every execution is stored in its namespace's partition of the caller's tenant and audited with its status,
 *       with what it was evaluated under: its runner, the tenant policy's version, the quorum, the model's expiry and
 *       size.</li>
 *   <li>Only an ESCALATE is reviewed, never by its runner, each reviewer once; any REJECT is final (REJECTED); the
 *       approval that completes the quorum re-runs the boundary against the policy of that moment (expired or beyond a
 *       limit → BLOCK, another policy version → RECOMPUTE, either without its ranking as at run time, else
 *       APPROVED). Reviews are conditional updates of the execution item (still ESCALATE, reviewer absent, review
 *       count as read), so racing reviewers are decided by DynamoDB: one wins, none is lost or counted twice.</li>
 * </ul>
 */
package com.execalc.execution;
