package com.execalc.controlplane;

import com.execalc.ingress.TokenVerifier;
import com.execalc.tenancy.MissingTenantContextException;
import com.execalc.tenancy.TenantContext;

import java.util.Map;
import java.util.Objects;

/**
 * The identity of one control-plane request: a platform operator, who belongs to no tenant.
 *
 * @param subject   the operator's {@code sub}
 * @param requestId the API Gateway request id
 */
public record OperatorContext(String subject, String requestId) {

    public OperatorContext {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(requestId, "requestId");
    }

    /**
     * Reads the authorizer output of a control-plane request.
     *
     * @throws NotPlatformOperatorException when the caller is a tenant member or not a platform operator
     * @throws MissingTenantContextException when there is no authorizer output at all
     */
    public static OperatorContext fromAuthorizerContext(Map<String, ?> authorizer, String requestId) {
        if (authorizer == null || !(authorizer.get(TenantContext.SUBJECT_KEY) instanceof String subject)
                || subject.isBlank()) {
            throw new MissingTenantContextException("the request carries no authorizer context");
        }
        if (authorizer.containsKey(TenantContext.TENANT_ID_KEY)
                || !TokenVerifier.PLATFORM_ADMIN_ROLE.equals(authorizer.get(TenantContext.ROLES_KEY))) {
            throw new NotPlatformOperatorException();
        }
        return new OperatorContext(subject, requestId);
    }
}
