package com.execalc.governance;

import java.util.List;

/**
 * Thrown when a requested tenant policy would loosen global invariants (422 {@code POLICY_LOOSENS_INVARIANT}); it names
 * every loosening field. Nothing is changed.
 */
public final class PolicyLoosensInvariantException extends RuntimeException {

    private final transient List<PolicyViolation> violations;

    public PolicyLoosensInvariantException(List<PolicyViolation> violations) {
        super("The policy would loosen " + violations.size() + " global invariant"
                + (violations.size() == 1 ? "" : "s") + "; a tenant policy may only make them stricter.");
        this.violations = List.copyOf(violations);
    }

    public List<PolicyViolation> violations() {
        return violations;
    }
}
