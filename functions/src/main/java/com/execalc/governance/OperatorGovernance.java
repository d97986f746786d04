package com.execalc.governance;

/**
 * Governance of the control plane: a platform operator, whose identity the authorizer established and the control
 * plane's operator context checked, may take every control-plane action, in any tenant; no tenant policy applies to
 * it. Only the control plane asks (an architecture test).
 */
public final class OperatorGovernance {

    /** The audit reason of an operator's allowed action. */
    public static final String PLATFORM_OPERATOR = "PLATFORM_OPERATOR";

    /** The permit of an operator's request to take {@code action}, e.g. {@code tenant.register}. */
    public Permit permit(String action, String requestId) {
        return new Permit(action, PLATFORM_OPERATOR, requestId);
    }
}
