package com.execalc.api;

import com.execalc.access.CursorCodec;
import com.execalc.access.LocalTenantCredentials;
import com.execalc.access.SessionPolicy;
import com.execalc.access.StsTenantCredentials;
import com.execalc.access.Tables;
import com.execalc.access.TenantBoundaryViolationException;
import com.execalc.access.TenantCredentials;
import com.execalc.access.TenantDynamoDb;
import com.execalc.audit.EventIds;
import com.execalc.audit.RequestAudit;
import com.execalc.data.Namespaces;
import com.execalc.data.Records;
import com.execalc.governance.Action;
import com.execalc.governance.Decision;
import com.execalc.governance.GlobalInvariants;
import com.execalc.governance.GovernanceDeniedException;
import com.execalc.governance.GovernanceEngine;
import com.execalc.ingress.Route;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.RecordId;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantMismatchException;
import com.execalc.tenancy.TenantRole;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tenant API: for each request, open the tenant's data access and audit, let governance decide, call the
 * capability, map its result. Exactly one audit event per request, whatever happens.
 */
public final class TenantApi {

    /** Default page size of listings. */
    public static final int DEFAULT_LIMIT = 25;
    /** Largest page size of listings. */
    public static final int MAX_LIMIT = 100;

    private static final Pattern VERSION = Pattern.compile("(?:W/)?\"?([0-9]{1,18})\"?");
    private static final Duration AUDIT_RETENTION = Duration.ofDays(365);

    private final Collaborators with;
    private final LambdaJson json;
    private final ApiErrors errors;

    /**
     * What the tenant API works with; all of it is shared by the requests of one function instance and holds no
     * tenant's state.
     */
    public record Collaborators(DynamoDbClient dynamoDb, Tables tables, TenantCredentials credentials,
                                GovernanceEngine governance, Namespaces namespaces, Records records,
                                CursorCodec cursors, EventIds eventIds, Clock clock) {
    }

    public TenantApi(Collaborators collaborators, LambdaJson json) {
        this.with = collaborators;
        this.json = json;
        this.errors = new ApiErrors(json);
    }

    /** Wires the capabilities of a deployed or local function. */
    public static TenantApi create(Configuration config, LambdaJson json, Clock clock) {
        SdkHttpClient http = AwsClients.httpClient();
        TenantCredentials credentials = config.mode() == Configuration.Mode.LOCAL
                ? new LocalTenantCredentials()
                : new StsTenantCredentials(AwsClients.sts(config, http), config.tenantAccessRoleArn());
        Namespaces namespaces = new Namespaces(clock);
        SessionPolicy.requireFits(config.tables());
        return new TenantApi(new Collaborators(
                AwsClients.tenantDynamoDb(config, http),
                config.tables(),
                credentials,
                new GovernanceEngine(GlobalInvariants.v1()),
                namespaces,
                new Records(namespaces, clock),
                new CursorCodec(config.cursorSecret()),
                new EventIds(),
                clock), json);
    }

    /** Answers one tenant request inside its open execution context. */
    public ApiResponse handle(Route route, ApiRequest request, ExecutionContext context) {
        TenantDynamoDb db = TenantDynamoDb.open(with.dynamoDb(), with.tables(), with.credentials(), context);
        Action action = actionOf(route);
        RequestAudit audit = new RequestAudit(db, with.eventIds(), with.clock(), action.wireName(), AUDIT_RETENTION);
        ApiResponse response;
        try {
            ForeignTenantGuard.check(context.tenant(), request);
            response = dispatch(route, action, request, context.tenant(), db, audit);
        } catch (RuntimeException failure) {
            ApiErrors.ApiError error = errors.classify(failure);
            if (failure instanceof TenantMismatchException || failure instanceof TenantBoundaryViolationException) {
                audit.deny(error.code());
            }
            audit.complete(error.status(), error.code());
            throw failure;
        }
        audit.complete(response.status(), null);
        return response;
    }

    private ApiResponse dispatch(Route route, Action action, ApiRequest request, TenantContext tenant,
                                 TenantDynamoDb db, RequestAudit audit) {
        switch (route) {
            case WHO_AM_I -> {
                decide(tenant, action, 0, audit);
                return ApiResponse.of(200, whoAmI(tenant));
            }
            case LIST_NAMESPACES -> {
                decide(tenant, action, 0, audit);
                ObjectNode body = json.object();
                ArrayNode items = body.putArray("items");
                with.namespaces().list(db).forEach(namespace -> items.addObject()
                        .put("namespace", namespace.namespace().value())
                        .put("createdAt", namespace.createdAt().toString()));
                return ApiResponse.of(200, body);
            }
            case PUT_NAMESPACE -> {
                NamespaceId namespace = namespaceOf(request, audit);
                decide(tenant, action, 0, audit);
                boolean created = with.namespaces().create(db, audit, namespace);
                return ApiResponse.of(created ? 201 : 200, json.object().put("namespace", namespace.value()));
            }
            case DELETE_NAMESPACE -> {
                NamespaceId namespace = namespaceOf(request, audit);
                decide(tenant, action, 0, audit);
                with.namespaces().delete(db, audit, namespace);
                return ApiResponse.noContent();
            }
            case LIST_RECORDS -> {
                NamespaceId namespace = namespaceOf(request, audit);
                int limit = limitOf(request);
                String after = request.query("cursor")
                        .map(cursor -> decodeCursor(cursor, tenant, namespace))
                        .orElse(null);
                decide(tenant, action, 0, audit);
                Records.Page page = with.records().list(db, namespace, limit, after);
                ObjectNode body = json.object();
                ArrayNode items = body.putArray("items");
                page.records().forEach(record -> items.add(recordView(record)));
                body.put("nextCursor", page.lastSortKey() == null ? null
                        : with.cursors().encode(tenant.tenantId(), Records.listingOf(namespace), page.lastSortKey()));
                return ApiResponse.of(200, body);
            }
            case PUT_RECORD -> {
                NamespaceId namespace = namespaceOf(request, audit);
                RecordId id = recordIdOf(request, namespace, audit);
                OptionalLong ifMatch = ifMatchOf(request);
                String data = request.jsonBody().toString();
                decide(tenant, action, data.getBytes(StandardCharsets.UTF_8).length, audit);
                Records.PutResult result = with.records().put(db, audit, namespace, id, data, ifMatch);
                return recordResponse(result.created() ? 201 : 200, result.record());
            }
            case GET_RECORD -> {
                NamespaceId namespace = namespaceOf(request, audit);
                RecordId id = recordIdOf(request, namespace, audit);
                decide(tenant, action, 0, audit);
                return recordResponse(200, with.records().get(db, namespace, id));
            }
            case DELETE_RECORD -> {
                NamespaceId namespace = namespaceOf(request, audit);
                RecordId id = recordIdOf(request, namespace, audit);
                OptionalLong ifMatch = ifMatchOf(request);
                decide(tenant, action, 0, audit);
                with.records().delete(db, audit, namespace, id, ifMatch);
                return ApiResponse.noContent();
            }
            default -> throw new RouteNotFoundException();
        }
    }

    private static Action actionOf(Route route) {
        return switch (route) {
            case WHO_AM_I -> Action.SESSION_DESCRIBE;
            case LIST_NAMESPACES -> Action.NAMESPACE_LIST;
            case PUT_NAMESPACE -> Action.NAMESPACE_CREATE;
            case DELETE_NAMESPACE -> Action.NAMESPACE_DELETE;
            case LIST_RECORDS -> Action.RECORD_LIST;
            case PUT_RECORD -> Action.RECORD_PUT;
            case GET_RECORD -> Action.RECORD_GET;
            case DELETE_RECORD -> Action.RECORD_DELETE;
            default -> throw new RouteNotFoundException();
        };
    }

    /** Governance decides before any data is touched; the decision and its reason go into the audit event. */
    private void decide(TenantContext tenant, Action action, long payloadBytes, RequestAudit audit) {
        Decision decision = with.governance().decide(tenant, action, payloadBytes);
        if (!decision.allowed()) {
            audit.deny(decision.reason());
            throw new GovernanceDeniedException(decision);
        }
        audit.allow(decision.reason());
    }

    private static NamespaceId namespaceOf(ApiRequest request, RequestAudit audit) {
        NamespaceId namespace = NamespaceId.of(request.pathParameter("ns"));
        audit.resource(namespace.value());
        return namespace;
    }

    private static RecordId recordIdOf(ApiRequest request, NamespaceId namespace, RequestAudit audit) {
        RecordId id = RecordId.of(request.pathParameter("id"));
        audit.resource(namespace.value() + "/" + id.value());
        return id;
    }

    private static int limitOf(ApiRequest request) {
        String value = request.query("limit").orElse(Integer.toString(DEFAULT_LIMIT));
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new InvalidInputException("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }

    private String decodeCursor(String cursor, TenantContext tenant, NamespaceId namespace) {
        String after = with.cursors().decode(cursor, tenant.tenantId(), Records.listingOf(namespace));
        if (!Records.isRecordSortKey(after)) {
            throw new com.execalc.access.CursorCodec.InvalidCursorException();
        }
        return after;
    }

    private static OptionalLong ifMatchOf(ApiRequest request) {
        return request.header("If-Match").map(value -> {
            Matcher version = VERSION.matcher(value.strip());
            if (!version.matches()) {
                throw new InvalidInputException("If-Match must be a record version, e.g. \"3\".");
            }
            return OptionalLong.of(Long.parseLong(version.group(1)));
        }).orElse(OptionalLong.empty());
    }

    private ApiResponse recordResponse(int status, Records.StoredRecord record) {
        return new ApiResponse(status, recordView(record), Map.of("ETag", "\"" + record.version() + "\""));
    }

    private ObjectNode recordView(Records.StoredRecord record) {
        ObjectNode view = json.object()
                .put("id", record.id().value())
                .put("namespace", record.namespace().value())
                .put("version", record.version())
                .put("updatedAt", record.updatedAt().toString());
        view.set("data", json.parseStored(record.data()));
        return view;
    }

    private ObjectNode whoAmI(TenantContext tenant) {
        ObjectNode body = json.object();
        body.put("tenantId", tenant.tenantId().value());
        body.put("subject", tenant.subject());
        body.putArray("roles").addAll(tenant.roles().stream().map(TenantRole::wireName)
                .map(body::textNode).toList());
        body.put("requestId", tenant.requestId());
        return body;
    }
}
