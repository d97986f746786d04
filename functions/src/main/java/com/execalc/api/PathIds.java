package com.execalc.api;

import com.execalc.audit.RequestAudit;
import com.execalc.tenancy.ExecutionId;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.RecordId;

/** The ids a tenant route's path names; each becomes (part of) the resource of the request's audit event. */
final class PathIds {

    private PathIds() {
    }

    /** The namespace of the path. */
    static NamespaceId namespace(ApiRequest http, RequestAudit audit) {
        NamespaceId namespace = NamespaceId.of(http.pathParameter("ns"));
        audit.resource(namespace.value());
        return namespace;
    }

    /** The record id of the path, in {@code namespace}. */
    static RecordId recordId(ApiRequest http, RequestAudit audit, NamespaceId namespace) {
        RecordId id = RecordId.of(http.pathParameter("id"));
        audit.resource(namespace.value() + "/" + id.value());
        return id;
    }

    /** The execution id of the path, in {@code namespace}. */
    static ExecutionId executionId(ApiRequest http, RequestAudit audit, NamespaceId namespace) {
        ExecutionId id = ExecutionId.of(http.pathParameter("id"));
        audit.resource(namespace.value() + "/" + id.value());
        return id;
    }
}
