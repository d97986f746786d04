package com.execalc.api;

import com.execalc.access.CursorCodec;
import com.execalc.digest.AuditDigest;
import com.execalc.digest.AuditDigests;
import com.execalc.digest.SigningKey;
import com.execalc.digest.SigningKeyNotPublishedException;
import com.execalc.governance.Action;
import com.execalc.governance.RequestFacts;
import com.execalc.ingress.Route;
import com.execalc.pipeline.Plan;
import com.execalc.pipeline.TenantRequest;
import com.execalc.pipeline.TenantRoute;
import com.execalc.tenancy.InvalidInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /audit/digests} and {@code GET /audit/signing-key}: the caller's tenant's signed digests and the key that
 * verifies them, read from its own audit partitions with the request's own credentials. Governed as reading the audit
 * trail ({@link Action#AUDIT_QUERY}, operators and admins), so whoever may read the events may check them; the
 * audit event names the resource ({@code digests}, {@code signing-key}). Cursors are bound to the tenant, the range
 * and the shard count, like the audit listing's.
 */
final class DigestRoutes {

    /** Digests of a period start up to this are listed: the last second an event id can encode. */
    private static final Instant LAST_PERIOD = Instant.ofEpochSecond(AuditRoutes.LAST_EVENT_TIME.getEpochSecond());

    private final CursorCodec cursors;
    private final LambdaJson json;

    DigestRoutes(CursorCodec cursors, LambdaJson json) {
        this.cursors = cursors;
        this.json = json;
    }

    Map<Route, TenantRoute<ApiRequest, ApiResponse>> routes() {
        return Map.of(
                Route.LIST_AUDIT_DIGESTS, TenantRoute.of(Action.AUDIT_QUERY, this::digests),
                Route.GET_AUDIT_SIGNING_KEY, TenantRoute.of(Action.AUDIT_QUERY, this::signingKey));
    }

    /** The range, the limit and the cursor are read and checked before the decision. */
    private Plan<ApiResponse> digests(ApiRequest http, TenantRequest request) {
        request.audit().resource("digests");
        Instant from = http.query("from").map(value -> instant(value, "from")).orElse(Instant.EPOCH);
        Instant to = http.query("to").map(value -> instant(value, "to")).orElse(LAST_PERIOD);
        if (from.isAfter(to)) {
            throw new InvalidInputException("from must not be after to.");
        }
        int limit = Paging.limitOf(http);
        String listing = "audit-digests:" + from + "|" + to + "|shards:" + request.db().keys().auditPartitions().size();
        Instant start = http.query("cursor")
                .map(cursor -> Instant.parse(cursors.decode(cursor, request.tenant().tenantId(), listing)))
                .orElse(from);
        return Plan.of(RequestFacts.none(), permit -> {
            AuditDigests.Page page = AuditDigests.page(request.db(), start, to, limit);
            ObjectNode body = json.object();
            ArrayNode items = body.putArray("items");
            page.digests().stream().map(AuditDigest::toJson).forEach(items::add);
            body.put("nextCursor", page.next() == null || page.next().isAfter(to) ? null
                    : cursors.encode(request.tenant().tenantId(), listing, page.next().toString()));
            return ApiResponse.of(200, body);
        });
    }

    private Plan<ApiResponse> signingKey(ApiRequest http, TenantRequest request) {
        request.audit().resource("signing-key");
        return Plan.of(RequestFacts.none(), permit -> {
            SigningKey key = AuditDigests.signingKey(request.db()).orElseThrow(SigningKeyNotPublishedException::new);
            ObjectNode body = json.object()
                    .put("keyId", key.keyId())
                    .put("algorithm", key.algorithm())
                    .put("publicKeyPem", key.publicKeyPem());
            return ApiResponse.of(200, body);
        });
    }

    /** A whole second within the times event ids can encode: periods start on whole seconds. */
    private static Instant instant(String value, String name) {
        Instant instant = AuditRoutes.instant(value, name);
        Instant second = Instant.ofEpochSecond(instant.getEpochSecond());
        return name.equals("from") && instant.getNano() != 0 ? second.plusSeconds(1) : second;
    }
}
