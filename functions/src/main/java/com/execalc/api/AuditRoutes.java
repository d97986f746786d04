package com.execalc.api;

import com.execalc.access.Condition;
import com.execalc.access.CursorCodec;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantKeys;
import com.execalc.access.TenantTable;
import com.execalc.audit.AuditEvent;
import com.execalc.audit.AuditPages;
import com.execalc.audit.AuditTrail;
import com.execalc.audit.EventIds;
import com.execalc.digest.CanonicalEvent;
import com.execalc.governance.Action;
import com.execalc.governance.RequestFacts;
import com.execalc.ingress.Route;
import com.execalc.pipeline.Plan;
import com.execalc.pipeline.TenantRequest;
import com.execalc.pipeline.TenantRoute;
import com.execalc.tenancy.InvalidInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * {@code GET /audit}: the caller's tenant's events, newest first. A Query on each of the tenant's audit partitions
 * (its shards, from the execution context), with a key condition on time (event ids sort by time), merged by event id
 * ({@link AuditPages}); the optional filters are applied by DynamoDB within each partition. Cursors are bound to the
 * tenant and to the exact filters they were issued for, and hold the event id to continue after, whatever the shards.
 */
final class AuditRoutes {

    /** Queries per page with one shard; each further shard adds one, its first read. */
    private static final int MAX_READS = 10;
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z.]{0,63}");
    /** The latest time an event id can encode (48 bits of milliseconds): the default end of a query. */
    static final Instant LAST_EVENT_TIME = Instant.ofEpochMilli((1L << 48) - 1);

    private final CursorCodec cursors;
    private final LambdaJson json;

    AuditRoutes(CursorCodec cursors, LambdaJson json) {
        this.cursors = cursors;
        this.json = json;
    }

    /** The query's filters, validated. */
    private record Filters(Instant from, Instant to, String action, String decision, String actor,
                           AuditEvent.ActorType actorType) {

        String listing() {
            StringJoiner listing = new StringJoiner("|", "audit:", "");
            listing.add(from.toString()).add(to.toString()).add(nullToEmpty(action)).add(nullToEmpty(decision))
                    .add(nullToEmpty(actor)).add(actorType == null ? "" : actorType.name());
            return listing.toString();
        }

        Condition condition() {
            StringJoiner expression = new StringJoiner(" AND ");
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            add(expression, names, values, "action", action);
            add(expression, names, values, "decision", decision);
            // the actor's kind and subject as the trail reads them, items from before the kind existed included
            Condition actorFilter = AuditTrail.actorFilter(actorType, actor);
            if (actorFilter.expression() != null) {
                expression.add("(" + actorFilter.expression() + ")");
                names.putAll(actorFilter.names());
                values.putAll(actorFilter.values());
            }
            return expression.length() == 0 ? Condition.none() : Condition.of(expression.toString(), names, values);
        }

        private static void add(StringJoiner expression, Map<String, String> names, Map<String, AttributeValue> values,
                                String field, String value) {
            if (value != null) {
                expression.add("#" + field + " = :" + field);
                names.put("#" + field, field);
                values.put(":" + field, AttributeValue.fromS(value));
            }
        }

        private static String nullToEmpty(String value) {
            return value == null ? "" : value;
        }
    }

    Map<Route, TenantRoute<ApiRequest, ApiResponse>> routes() {
        return Map.of(Route.QUERY_AUDIT, TenantRoute.of(Action.AUDIT_QUERY, this::query));
    }

    /** The filters, the limit and the cursor are read and checked before the decision. */
    private Plan<ApiResponse> query(ApiRequest http, TenantRequest request) {
        Filters filters = filtersOf(http);
        int limit = Paging.limitOf(http);
        TenantDynamoDb db = request.db();
        List<TenantKeys.Partition> partitions = db.keys().auditPartitions();
        // a cursor resumes only under the shard count it was issued with: read under an older count, its pages never
        // saw the newer shards, so continuing under the new count would skip their events instead of failing
        String listing = filters.listing() + "|shards:" + partitions.size();
        String after = http.query("cursor")
                .map(cursor -> cursors.decode(cursor, request.tenant().tenantId(), listing))
                .orElse(null);
        return Plan.of(RequestFacts.none(), permit -> {
            TenantDynamoDb.SortKeyRange range = TenantDynamoDb.SortKeyRange.between(EventIds.lowest(filters.from()),
                    EventIds.highest(filters.to()));
            Condition filter = filters.condition();
            AuditPages.Page page = AuditPages.newestFirst(partitions.size(),
                    (shard, start, evaluate) -> db.query(TenantTable.AUDIT, partitions.get(shard), range, evaluate,
                            start, false, filter),
                    limit, after, MAX_READS + partitions.size() - 1);
            ArrayNode items = json.object().arrayNode();
            page.items().forEach(item -> items.add(CanonicalEvent.viewOf(item)));
            String continueAfter = page.continueAfter();
            ObjectNode body = json.object();
            body.set("items", items);
            body.put("nextCursor", continueAfter == null ? null
                    : cursors.encode(request.tenant().tenantId(), listing, continueAfter));
            return ApiResponse.of(200, body);
        });
    }

    private Filters filtersOf(ApiRequest http) {
        Instant to = http.query("to").map(value -> instant(value, "to")).orElse(LAST_EVENT_TIME);
        Instant from = http.query("from").map(value -> instant(value, "from")).orElse(Instant.EPOCH);
        if (from.isAfter(to)) {
            throw new InvalidInputException("from must not be after to.");
        }
        String action = http.query("action").map(value -> {
            if (!ACTION.matcher(value).matches()) {
                throw new InvalidInputException("action must be an action name, e.g. record.put.");
            }
            return value;
        }).orElse(null);
        String decision = http.query("decision").map(value -> {
            if (!value.equals("ALLOW") && !value.equals("DENY")) {
                throw new InvalidInputException("decision must be ALLOW or DENY.");
            }
            return value;
        }).orElse(null);
        String actor = http.query("actor").map(value -> {
            if (value.isBlank() || value.length() > 256 || value.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidInputException("actor must be 1 to 256 printable characters.");
            }
            return value;
        }).orElse(null);
        AuditEvent.ActorType actorType = http.query("actorType").map(value -> {
            try {
                return AuditEvent.ActorType.valueOf(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("actorType must be MEMBER or PLATFORM_OPERATOR.", e);
            }
        }).orElse(null);
        return new Filters(from, to, action, decision, actor, actorType);
    }

    /** An instant event ids can encode: from 1970 to the end of their 48 bits of milliseconds. */
    static Instant instant(String value, String name) {
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name + " must be an ISO-8601 instant, e.g. 2026-11-27T10:00:00Z.", e);
        }
        if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LAST_EVENT_TIME)) {
            throw new InvalidInputException(name + " must lie between 1970-01-01T00:00:00Z and " + LAST_EVENT_TIME + ".");
        }
        return instant;
    }
}
