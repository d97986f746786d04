package com.execalc.api;

import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.TenantContext;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Map;

/**
 * Refuses a tenant request that names another tenant anywhere the client controls: a header or query parameter whose
 * name contains "tenant", or a top-level body field {@code tenantId}, {@code tenant_id} or {@code tenant}.
 *
 * <p>Such values are never used as the tenant (that comes only from the authorizer); naming the caller's own tenant is
 * tolerated, naming another one is an attempt to cross the boundary and fails with 403.
 */
final class ForeignTenantGuard {

    private ForeignTenantGuard() {
    }

    static void check(TenantContext tenant, ApiRequest request) {
        for (Map.Entry<String, String> header : request.allHeaderValues()) {
            if (header.getKey().toLowerCase(Locale.ROOT).contains("tenant")) {
                tenant.rejectForeignTenant(header.getValue(), "header " + header.getKey());
            }
        }
        for (Map.Entry<String, String> parameter : request.allQueryValues()) {
            if (parameter.getKey().toLowerCase(Locale.ROOT).contains("tenant")) {
                tenant.rejectForeignTenant(parameter.getValue(), "query parameter " + parameter.getKey());
            }
        }
        if (request.hasBody()) {
            JsonNode body;
            try {
                body = request.jsonBody();
            } catch (InvalidInputException notAnObject) {
                return; // the capability that reads the body rejects it; nothing here names a tenant
            }
            body.fields().forEachRemaining(field -> {
                if (namesATenant(field.getKey())) {
                    tenant.rejectForeignTenant(field.getValue().isTextual() ? field.getValue().asText()
                            : field.getValue().toString(), "body field " + field.getKey());
                }
            });
        }
    }

    private static boolean namesATenant(String bodyField) {
        return switch (bodyField.toLowerCase(Locale.ROOT)) {
            case "tenantid", "tenant_id", "tenant" -> true;
            default -> false;
        };
    }
}
