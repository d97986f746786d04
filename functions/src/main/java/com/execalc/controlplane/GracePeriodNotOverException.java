package com.execalc.controlplane;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

import java.time.Instant;

/** Thrown for a purge asked for before the tenant's {@code purgeAfter} (409): nothing is deleted. */
public final class GracePeriodNotOverException extends ExecalcException {

    public GracePeriodNotOverException(Instant purgeAfter) {
        super(ErrorCode.GRACE_PERIOD_NOT_OVER, "The tenant's grace period ends at " + purgeAfter
                + "; it cannot be purged before.");
    }
}
