package com.execalc.api;

import com.execalc.access.CursorCodec;
import com.execalc.data.Namespaces;
import com.execalc.data.Records;
import com.execalc.governance.Action;
import com.execalc.governance.RequestFacts;
import com.execalc.ingress.Route;
import com.execalc.pipeline.Plan;
import com.execalc.pipeline.TenantRequest;
import com.execalc.pipeline.TenantRoute;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.Preconditions;
import com.execalc.tenancy.RecordId;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The namespace and record routes: for each, what its request must say (read and validated before the decision), the
 * facts governance decides on, and the capability call once allowed.
 */
final class DataRoutes {

    private final Namespaces namespaces;
    private final Records records;
    private final CursorCodec cursors;
    private final LambdaJson json;

    DataRoutes(Namespaces namespaces, Records records, CursorCodec cursors, LambdaJson json) {
        this.namespaces = namespaces;
        this.records = records;
        this.cursors = cursors;
        this.json = json;
    }

    Map<Route, TenantRoute<ApiRequest, ApiResponse>> routes() {
        return Map.of(
                Route.LIST_NAMESPACES, TenantRoute.of(Action.NAMESPACE_LIST, this::listNamespaces),
                Route.PUT_NAMESPACE, TenantRoute.of(Action.NAMESPACE_CREATE, this::putNamespace),
                Route.DELETE_NAMESPACE, TenantRoute.of(Action.NAMESPACE_DELETE, this::deleteNamespace),
                Route.LIST_RECORDS, TenantRoute.of(Action.RECORD_LIST, this::listRecords),
                Route.PUT_RECORD, TenantRoute.of(Action.RECORD_PUT, this::putRecord),
                Route.GET_RECORD, TenantRoute.of(Action.RECORD_GET, this::getRecord),
                Route.DELETE_RECORD, TenantRoute.of(Action.RECORD_DELETE, this::deleteRecord));
    }

    private Plan<ApiResponse> listNamespaces(ApiRequest http, TenantRequest request) {
        return Plan.of(RequestFacts.none(), permit -> {
            ObjectNode body = json.object();
            ArrayNode items = body.putArray("items");
            namespaces.list(request.db()).forEach(namespace -> items.add(view(namespace)));
            return ApiResponse.of(200, body);
        });
    }

    /** The namespace limit is a fact that needs reads: whether it exists, and if not how many the tenant holds. */
    private Plan<ApiResponse> putNamespace(ApiRequest http, TenantRequest request) {
        NamespaceId namespace = PathIds.namespace(http, request.audit());
        boolean createOnly = ConditionalHeaders.createOnly(http);
        boolean exists = namespaces.exists(request.db(), namespace);
        RequestFacts facts = exists ? RequestFacts.in(namespace)
                : RequestFacts.in(namespace).withNamespaceCount(namespaces.count(request.db()));
        return Plan.of(facts, permit -> {
            boolean created = namespaces.create(request.db(), request.audit(), permit, namespace,
                    request.effective().maxNamespaces(), createOnly);
            return ApiResponse.of(created ? 201 : 200, json.object().put("namespace", namespace.value()));
        });
    }

    private Plan<ApiResponse> deleteNamespace(ApiRequest http, TenantRequest request) {
        NamespaceId namespace = PathIds.namespace(http, request.audit());
        ConditionalHeaders.refuseIfNoneMatch(http, "a delete never creates.");
        return Plan.of(RequestFacts.in(namespace), permit -> {
            namespaces.delete(request.db(), request.audit(), permit, namespace);
            return ApiResponse.noContent();
        });
    }

    private Plan<ApiResponse> listRecords(ApiRequest http, TenantRequest request) {
        NamespaceId namespace = PathIds.namespace(http, request.audit());
        int limit = Paging.limitOf(http);
        String after = http.query("cursor").map(cursor -> decodeCursor(cursor, request, namespace)).orElse(null);
        return Plan.of(RequestFacts.in(namespace), permit -> {
            Records.Page page = records.list(request.db(), namespace, limit, after);
            ObjectNode body = json.object();
            ArrayNode items = body.putArray("items");
            page.records().forEach(record -> items.add(view(record)));
            body.put("nextCursor", page.lastSortKey() == null ? null
                    : cursors.encode(request.tenant().tenantId(), Records.listingOf(namespace), page.lastSortKey()));
            return ApiResponse.of(200, body);
        });
    }

    private Plan<ApiResponse> putRecord(ApiRequest http, TenantRequest request) {
        NamespaceId namespace = PathIds.namespace(http, request.audit());
        RecordId id = PathIds.recordId(http, request.audit(), namespace);
        Preconditions preconditions = ConditionalHeaders.ifMatchAndCreateOnly(http);
        String data = http.jsonBodyText();
        return Plan.of(RequestFacts.in(namespace).withPayload(data.getBytes(StandardCharsets.UTF_8).length),
                permit -> {
                    Records.PutResult result = records.put(request.db(), request.audit(), permit, namespace, id, data,
                            preconditions);
                    return response(result.created() ? 201 : 200, result.record());
                });
    }

    private Plan<ApiResponse> getRecord(ApiRequest http, TenantRequest request) {
        NamespaceId namespace = PathIds.namespace(http, request.audit());
        RecordId id = PathIds.recordId(http, request.audit(), namespace);
        return Plan.of(RequestFacts.in(namespace), permit -> response(200, records.get(request.db(), namespace, id)));
    }

    private Plan<ApiResponse> deleteRecord(ApiRequest http, TenantRequest request) {
        NamespaceId namespace = PathIds.namespace(http, request.audit());
        RecordId id = PathIds.recordId(http, request.audit(), namespace);
        Preconditions preconditions = ConditionalHeaders.ifMatch(http);
        ConditionalHeaders.refuseIfNoneMatch(http, "a delete never creates.");
        return Plan.of(RequestFacts.in(namespace), permit -> {
            records.delete(request.db(), request.audit(), permit, namespace, id, preconditions);
            return ApiResponse.noContent();
        });
    }

    private String decodeCursor(String cursor, TenantRequest request, NamespaceId namespace) {
        String after = cursors.decode(cursor, request.tenant().tenantId(), Records.listingOf(namespace));
        if (!Records.isRecordSortKey(after)) {
            throw new CursorCodec.InvalidCursorException();
        }
        return after;
    }

    private ApiResponse response(int status, Records.StoredRecord record) {
        return new ApiResponse(status, view(record), Map.of("ETag", "\"" + record.entityTag() + "\""));
    }

    /** A namespace as {@code GET /namespaces} lists it (and the export holds it). */
    ObjectNode view(Namespaces.NamespaceView namespace) {
        return json.object()
                .put("namespace", namespace.namespace().value())
                .put("createdAt", namespace.createdAt().toString());
    }

    /** A record as {@code GET} of it answers it (and the export holds it). */
    ObjectNode view(Records.StoredRecord record) {
        ObjectNode view = json.object()
                .put("id", record.id().value())
                .put("namespace", record.namespace().value())
                .put("version", record.version())
                .put("updatedAt", record.updatedAt().toString());
        // the text stored is the text the client sent (validated then), answered as it is: re-serialising it would
        // rewrite its numbers (-0.0, 1e2)
        view.putRawValue("data", new RawValue(record.data()));
        return view;
    }
}
