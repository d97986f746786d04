package com.execalc.ingress;

import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantMismatchException;

import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Refuses a tenant request that names another tenant anywhere the client controls: a header or query parameter whose
 * name contains "tenant", or a top-level body field {@code tenantId}, {@code tenant_id} or {@code tenant}.
 *
 * <p>Such values are never used as the tenant (that comes only from the authorizer); naming the caller's own tenant is
 * tolerated, naming another one is an attempt to cross the boundary and fails with {@link TenantMismatchException}.
 */
public final class ForeignTenantGuard {

    /**
     * What a client sent beside its token, as the guard reads it: every header and query parameter value (repeated
     * ones included), and the body's top-level fields when the body is a JSON object.
     */
    public interface ClientValues {

        Iterable<Map.Entry<String, String>> headerValues();

        Iterable<Map.Entry<String, String>> queryValues();

        /**
         * The body's top-level fields whose name {@code named} accepts, each value as text: a string's own text,
         * anything else its JSON. Nothing when there is no body, or it is not a JSON object (whoever reads the body
         * refuses it then; nothing in it names a tenant).
         */
        Iterable<Map.Entry<String, String>> bodyFields(Predicate<String> named);
    }

    private ForeignTenantGuard() {
    }

    /** @throws TenantMismatchException when a value names another tenant than {@code tenant}'s */
    public static void check(TenantContext tenant, ClientValues client) {
        for (Map.Entry<String, String> header : client.headerValues()) {
            if (header.getKey().toLowerCase(Locale.ROOT).contains("tenant")) {
                tenant.rejectForeignTenant(header.getValue(), "header " + header.getKey());
            }
        }
        for (Map.Entry<String, String> parameter : client.queryValues()) {
            if (parameter.getKey().toLowerCase(Locale.ROOT).contains("tenant")) {
                tenant.rejectForeignTenant(parameter.getValue(), "query parameter " + parameter.getKey());
            }
        }
        for (Map.Entry<String, String> field : client.bodyFields(ForeignTenantGuard::namesATenant)) {
            tenant.rejectForeignTenant(field.getValue(), "body field " + field.getKey());
        }
    }

    private static boolean namesATenant(String bodyField) {
        return switch (bodyField.toLowerCase(Locale.ROOT)) {
            case "tenantid", "tenant_id", "tenant" -> true;
            default -> false;
        };
    }
}
