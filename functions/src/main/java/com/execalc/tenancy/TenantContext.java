package com.execalc.tenancy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling, for which tenant, in which request: the immutable identity of one request.
 *
 * <p>It is built only from the authorizer's output ({@link #fromAuthorizerContext}); the authorizer writes that output
 * with {@link #toAuthorizerContext()}, so both sides agree on the shape in one place.
 *
 * @param auditShards over how many audit partitions the tenant's events are spread, as the tenant registry says; it
 *                    travels with the identity because only the authorizer reads the registry
 * @param status      the tenant's status as the authorizer read it: ACTIVE, or OFFBOARDING, whose members the pipeline
 *                    lets read their session and export only; the only two that pass ingress
 */
public record TenantContext(TenantId tenantId, String subject, Set<TenantRole> roles, String requestId,
                            AuditShards auditShards, TenantStatus status) {

    /** Authorizer context key of the tenant id. */
    public static final String TENANT_ID_KEY = "tenantId";
    /** Authorizer context key of the subject (the token's {@code sub}). */
    public static final String SUBJECT_KEY = "sub";
    /** Authorizer context key of the comma-separated tenant roles. */
    public static final String ROLES_KEY = "roles";
    /** Authorizer context key of the tenant's audit shard count, {@code "1"} to {@code "16"}. */
    public static final String AUDIT_SHARDS_KEY = "auditShards";
    /**
     * Authorizer context key of the tenant's status, {@code ACTIVE} or {@code OFFBOARDING}. Absent is ACTIVE: the
     * decisions the gateway cached before the key existed were all of active tenants.
     */
    public static final String STATUS_KEY = "tenantStatus";

    private static final int MAX_SUBJECT_LENGTH = 256;
    private static final int MAX_REQUEST_ID_LENGTH = 128;

    public TenantContext {
        Objects.requireNonNull(tenantId, "tenantId");
        requirePrintable(subject, "subject", MAX_SUBJECT_LENGTH);
        requirePrintable(requestId, "requestId", MAX_REQUEST_ID_LENGTH);
        Objects.requireNonNull(auditShards, "auditShards");
        Objects.requireNonNull(status, "status");
        if (!status.admitsMembers()) {
            throw new IllegalArgumentException("a request context is of an ACTIVE or OFFBOARDING tenant, not " + status);
        }
        // a context without roles can record what happened (an ingress denial, the audit shipper) but is allowed nothing
        roles = Collections.unmodifiableSet(roles == null || roles.isEmpty() ? EnumSet.noneOf(TenantRole.class)
                : EnumSet.copyOf(roles));
    }

    /** A context of an active tenant: every context but that of an offboarding tenant's member. */
    public TenantContext(TenantId tenantId, String subject, Set<TenantRole> roles, String requestId,
                         AuditShards auditShards) {
        this(tenantId, subject, roles, requestId, auditShards, TenantStatus.ACTIVE);
    }

    /**
     * A context of a tenant whose audit events live in one partition, {@code <tenant>}: the layout before sharding. For
     * contexts that choose no audit shard from the registry, such as tests and benchmarks; request paths take the count
     * from the registry or the authorizer's output.
     */
    public TenantContext(TenantId tenantId, String subject, Set<TenantRole> roles, String requestId) {
        this(tenantId, subject, roles, requestId, AuditShards.one());
    }

    /**
     * Reads the context that the tenant authorizer attached to the request.
     *
     * @throws MissingTenantContextException when any part is absent or malformed: no execution without tenant context
     */
    public static TenantContext fromAuthorizerContext(Map<String, ?> authorizer, String requestId) {
        if (authorizer == null) {
            throw new MissingTenantContextException("the request carries no authorizer context");
        }
        String tenant = stringValue(authorizer, TENANT_ID_KEY);
        String subject = stringValue(authorizer, SUBJECT_KEY);
        String roles = stringValue(authorizer, ROLES_KEY);
        if (!TenantId.isValid(tenant)) {
            throw new MissingTenantContextException("the authorizer context holds no valid tenant id");
        }
        // without the count, a query would silently miss the shards it does not know of: no guessing a default
        AuditShards auditShards = AuditShards.parse(stringValue(authorizer, AUDIT_SHARDS_KEY)).orElseThrow(
                () -> new MissingTenantContextException("the authorizer context holds no valid audit shard count"));
        Set<TenantRole> parsedRoles = EnumSet.noneOf(TenantRole.class);
        for (String name : roles.split(",", -1)) {
            parsedRoles.add(TenantRole.fromWireName(name.strip()).orElseThrow(
                    () -> new MissingTenantContextException("the authorizer context holds an unknown role")));
        }
        if (parsedRoles.isEmpty()) {
            throw new MissingTenantContextException("the authorizer context holds no tenant role");
        }
        TenantStatus status = statusOf(authorizer.get(STATUS_KEY));
        try {
            return new TenantContext(TenantId.of(tenant), subject, parsedRoles, requestId, auditShards, status);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MissingTenantContextException("the authorizer context is malformed: " + e.getMessage(), e);
        }
    }

    /** The authorizer output that {@link #fromAuthorizerContext} reads back (API Gateway passes strings only). */
    public Map<String, Object> toAuthorizerContext() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(TENANT_ID_KEY, tenantId.value());
        context.put(SUBJECT_KEY, subject);
        context.put(ROLES_KEY, roles.stream().map(TenantRole::wireName).collect(Collectors.joining(",")));
        context.put(AUDIT_SHARDS_KEY, auditShards.wireValue());
        context.put(STATUS_KEY, status.name());
        return context;
    }

    /** The status the authorizer passed: absent is ACTIVE; anything but ACTIVE or OFFBOARDING refuses the request. */
    private static TenantStatus statusOf(Object value) {
        if (value == null) {
            return TenantStatus.ACTIVE;
        }
        for (TenantStatus status : TenantStatus.values()) {
            if (status.admitsMembers() && status.name().equals(value)) {
                return status;
            }
        }
        throw new MissingTenantContextException("the authorizer context holds an unknown tenant status");
    }

    /**
     * Fails the request when a client-supplied value names a tenant other than this one. The value is never used as a
     * tenant: naming the own tenant is tolerated, naming another is an attempt to cross the boundary.
     *
     * @param claimed a tenant id taken from a path, query, body or header; {@code null} when the client named none
     * @param where   where the client put it, for the error message
     * @throws TenantMismatchException when {@code claimed} is present and is not this context's tenant
     */
    public void rejectForeignTenant(String claimed, String where) {
        if (claimed != null && !claimed.equals(tenantId.value())) {
            throw new TenantMismatchException("The " + where + " names a tenant other than the caller's tenant.");
        }
    }

    private static String stringValue(Map<String, ?> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new MissingTenantContextException("the authorizer context has no '" + key + "'");
        }
        return text;
    }

    private static void requirePrintable(String value, String name, int maxLength) {
        if (value == null || value.isBlank() || value.length() > maxLength
                || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(name + " must be 1 to " + maxLength + " printable characters");
        }
    }
}
