package com.execalc.governance;

import com.execalc.errors.ExecalcException;

/** Thrown when governance denies a request; answered with its denial's code (403, 409, 413 or 422) and message. */
public final class GovernanceDeniedException extends ExecalcException {

    private final transient Decision decision;

    public GovernanceDeniedException(Decision decision) {
        super(decision.denial().code(), decision.message());
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }
}
