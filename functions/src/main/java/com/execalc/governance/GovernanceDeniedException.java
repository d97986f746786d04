package com.execalc.governance;

/** Thrown when governance denies a request; answered with the denial's status (403, 413 or 422) and message. */
public final class GovernanceDeniedException extends RuntimeException {

    private final transient Decision decision;

    public GovernanceDeniedException(Decision decision) {
        super(decision.message());
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }
}
