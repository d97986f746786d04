package com.execalc.governance;

import com.execalc.errors.ErrorCode;
import com.execalc.errors.ExecalcException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thrown when a requested tenant policy would loosen global invariants (422 {@code POLICY_LOOSENS_INVARIANT}); it names
 * every loosening field. Nothing is changed.
 */
public final class PolicyLoosensInvariantException extends ExecalcException {

    private final transient List<PolicyViolation> violations;

    public PolicyLoosensInvariantException(List<PolicyViolation> violations) {
        super(ErrorCode.POLICY_LOOSENS_INVARIANT, "The policy would loosen " + violations.size() + " global invariant"
                + (violations.size() == 1 ? "" : "s") + "; a tenant policy may only make them stricter.");
        this.violations = List.copyOf(violations);
    }

    public List<PolicyViolation> violations() {
        return violations;
    }

    /** {@code violations}: each loosening field with what was requested and the invariant's limit. */
    @Override
    public Map<String, Object> details() {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (PolicyViolation violation : violations) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("field", violation.field());
            field.put("requested", violation.requested());
            field.put("limit", violation.limit());
            fields.add(field);
        }
        return Map.of("violations", fields);
    }
}
