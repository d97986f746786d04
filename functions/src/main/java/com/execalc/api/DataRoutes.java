package com.execalc.api;

import com.execalc.access.CursorCodec;
import com.execalc.data.Namespaces;
import com.execalc.data.Records;
import com.execalc.governance.RequestFacts;
import com.execalc.ingress.Route;
import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.Preconditions;
import com.execalc.tenancy.RecordId;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The namespace and record routes. */
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

    ApiResponse handle(Route route, TenantRequest request) {
        return switch (route) {
            case LIST_NAMESPACES -> listNamespaces(request);
            case PUT_NAMESPACE -> putNamespace(request);
            case DELETE_NAMESPACE -> deleteNamespace(request);
            case LIST_RECORDS -> listRecords(request);
            case PUT_RECORD -> putRecord(request);
            case GET_RECORD -> getRecord(request);
            case DELETE_RECORD -> deleteRecord(request);
            default -> throw new RouteNotFoundException();
        };
    }

    private ApiResponse listNamespaces(TenantRequest request) {
        request.decide(RequestFacts.none());
        ObjectNode body = json.object();
        ArrayNode items = body.putArray("items");
        namespaces.list(request.db()).forEach(namespace -> items.addObject()
                .put("namespace", namespace.namespace().value())
                .put("createdAt", namespace.createdAt().toString()));
        return ApiResponse.of(200, body);
    }

    private ApiResponse putNamespace(TenantRequest request) {
        NamespaceId namespace = request.namespace();
        boolean createOnly = ConditionalHeaders.createOnly(request.http());
        boolean exists = namespaces.exists(request.db(), namespace);
        request.decide(exists ? RequestFacts.in(namespace)
                : RequestFacts.in(namespace).withNamespaceCount(namespaces.count(request.db())));
        boolean created = namespaces.create(request.db(), request.audit(), namespace,
                request.effective().maxNamespaces(), createOnly);
        return ApiResponse.of(created ? 201 : 200, json.object().put("namespace", namespace.value()));
    }

    private ApiResponse deleteNamespace(TenantRequest request) {
        NamespaceId namespace = request.namespace();
        ConditionalHeaders.refuseIfNoneMatch(request.http(), "a delete never creates.");
        request.decide(RequestFacts.in(namespace));
        namespaces.delete(request.db(), request.audit(), namespace);
        return ApiResponse.noContent();
    }

    private ApiResponse listRecords(TenantRequest request) {
        NamespaceId namespace = request.namespace();
        int limit = Paging.limitOf(request.http());
        String after = request.http().query("cursor").map(cursor -> decodeCursor(cursor, request, namespace))
                .orElse(null);
        request.decide(RequestFacts.in(namespace));
        Records.Page page = records.list(request.db(), namespace, limit, after);
        ObjectNode body = json.object();
        ArrayNode items = body.putArray("items");
        page.records().forEach(record -> items.add(view(record)));
        body.put("nextCursor", page.lastSortKey() == null ? null
                : cursors.encode(request.tenant().tenantId(), Records.listingOf(namespace), page.lastSortKey()));
        return ApiResponse.of(200, body);
    }

    private ApiResponse putRecord(TenantRequest request) {
        NamespaceId namespace = request.namespace();
        RecordId id = request.recordId(namespace);
        Preconditions preconditions = ConditionalHeaders.ifMatchAndCreateOnly(request.http());
        String data = request.http().jsonBodyText();
        request.decide(RequestFacts.in(namespace).withPayload(data.getBytes(StandardCharsets.UTF_8).length));
        Records.PutResult result = records.put(request.db(), request.audit(), namespace, id, data, preconditions);
        return response(result.created() ? 201 : 200, result.record());
    }

    private ApiResponse getRecord(TenantRequest request) {
        NamespaceId namespace = request.namespace();
        RecordId id = request.recordId(namespace);
        request.decide(RequestFacts.in(namespace));
        return response(200, records.get(request.db(), namespace, id));
    }

    private ApiResponse deleteRecord(TenantRequest request) {
        NamespaceId namespace = request.namespace();
        RecordId id = request.recordId(namespace);
        Preconditions preconditions = ConditionalHeaders.ifMatch(request.http());
        ConditionalHeaders.refuseIfNoneMatch(request.http(), "a delete never creates.");
        request.decide(RequestFacts.in(namespace));
        records.delete(request.db(), request.audit(), namespace, id, preconditions);
        return ApiResponse.noContent();
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

    private ObjectNode view(Records.StoredRecord record) {
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
