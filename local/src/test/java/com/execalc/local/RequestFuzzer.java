package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The request fuzzer's generator: from a seed, requests that are each invalid for the route they are sent to, by
 * construction (every value it calls "odd" is checked against the documented format, and made invalid when it is not).
 * Malformed JSON (truncated, wrong types, duplicate keys, NaN and Infinity, numbers Jackson cannot represent or that
 * are too long, comments, invalid UTF-8 bytes, bad syntax, trailing content), bodies over 64 KiB and over 10 MB,
 * nesting up to thousands of levels, odd ids and query values (unicode, {@code %00}, {@code %2F}, {@code #},
 * {@code *}, {@code ..}, very long, empty, double-encoded), odd limits, cursors, {@code If-Match} and
 * {@code If-None-Match} values, tenant names in headers, parameters and body fields, and invalid tenant registrations and changes.
 *
 * <p>The same seed gives the same requests; they do not depend on the run's (random) tenant ids: the control plane's
 * target tenant is {@value #TARGET} and a records cursor in a query is {@code {cursor}}, both replaced when sent.
 * {@link RequestFuzzTest} sends them; {@link RequestFuzzerTest} checks what it generates.
 */
final class RequestFuzzer {

    static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final Pattern EXECUTION_ID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
    static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,62}");
    /**
     * A version number as an If-Match value may name it: bare, or a strong tag in a list. The policy's ETag is its
     * version; records' ETags are event ids, which no generated value names.
     */
    static final Pattern VERSION_TAG = Pattern.compile("(?<!W/)\"([0-9]{1,18})\"");
    static final int GATEWAY_MAX_BODY = 10 * 1024 * 1024;

    /** The fuzzing tenant's valid data; the fuzzer names these, and must change none of them. */
    static final String NS = "fz";
    static final String DECISIONS = "fz-dec";
    static final String RECORD_AT_1 = "r1";
    static final String RECORD_AT_2 = "r2";
    static final String VALID_RECORD = "{\"item\":\"fuzz\",\"n\":1,\"tags\":[\"a\",\"b\"]}";
    static final String VALID_POLICY = "{\"maxNamespaces\":400,\"execution\":{\"maxOptions\":50}}";
    /** Stands for the control plane's target tenant in generated paths and bodies; replaced when sent. */
    static final String TARGET = "{tenant}";
    static final String VALID_REGISTRATION = "{\"tenantId\":\"" + TARGET + "\",\"displayName\":\"Fuzz\"}";
    static final String VALID_CHANGE = "{\"status\":\"SUSPENDED\"}";
    /** Tenant ids the fuzzer may name in registrations with some other field invalid: none may get registered. */
    static final List<String> UNREGISTERED = List.of("fuzzcp-new-1", "fuzzcp-new-2", "fuzzcp-new-3");

    private RequestFuzzer() {
    }

    /** Values the generator uses that only exist at run time: the tenants' real cursors and execution id. */
    record Secrets(String recordsCursor, String auditCursor, String bystanderCursor, String executionId) {
    }

    /** One generated request. {@code request} is printable: the method, raw path and query, headers, body excerpt. */
    record Case(String route, String category, String method, String path, Map<String, String> headers, byte[] body) {

        /** A control-plane request, sent with a platform operator's token. */
        boolean controlPlane() {
            return route.contains(" /tenants");
        }

        String request() {
            String text = method + " " + shorten(path, 160) + (headers.isEmpty() ? "" : " " + shorten(
                    headers.toString(), 120));
            if (body != null) {
                text += " body(" + body.length + " bytes): " + shorten(printable(body), 100);
            }
            return text;
        }

        @Override
        public String toString() {
            return "[" + category + "] " + request();
        }
    }

    /** The requests of one run: edge cases every run has, then {@code count} random ones from {@code seed}. */
    static List<Case> generate(long seed, int count, Secrets secrets) {
        Generator generator = new Generator(new Random(seed), secrets);
        List<Case> all = new ArrayList<>(generator.edgeCases());
        List<Supplier<Case>> routes = List.of(generator::listNamespaces, generator::putNamespace,
                generator::deleteNamespace, generator::listRecords, generator::putRecord, generator::getRecord,
                generator::deleteRecord, generator::runExecution, generator::getExecution, generator::listExecutions,
                generator::reviewExecution, generator::getPolicy, generator::putPolicy, generator::queryAudit,
                generator::listDigests, generator::getSigningKey,
                generator::createTenant, generator::describeTenant, generator::updateTenant, generator::export,
                generator::offboardTenant, generator::purgeTenant, generator::tenantUsage);
        for (int i = 0; i < count; i++) {
            all.add(routes.get(generator.random.nextInt(routes.size())).get());
        }
        return all;
    }

    /** Generates invalid requests; every value it calls "odd" is checked against the documented format. */
    static final class Generator {

        private static final ObjectMapper JSON = new ObjectMapper();

        private static final List<String> ODD_IDS = List.of("", ".", "..", "...", "-a", "_a", ".hidden", "a/b", "/",
                "../r1", "a#b", "#", "REC#r1", "NS#fz", "fz#r1", "*", "a*", "r*", "?", "a?b", "%", "%2F", "%00", "a b",
                " r1", "r1 ", "a\u0000b", "\u0000", "\t", "a\nb", "é", "ñandú", "\uD835\uDD18", "ａｂｃ", "\u202Er1",
                "r1\u200B", "ı", "a\\b", "a;b", "a,b", "a&b", "a=b", "<script>", "'", "\"", "{ns}", "$(id)", "..%2F..",
                "\uFEFFr1", "r1\uFFFD", "null\u0000");
        private static final String ODD_CHARS = "#*/?%.\\ \u0000\t\u00e9\u4e2d\uD83D\uDE00-_~!$&'()+,;=:@[]{}|^`\"<>";
        private static final List<String> ODD_LIMITS = List.of("0", "-1", "101", "1000", "1e2", "abc", "", " 5", "5 ",
                "0x10", "2147483648", "-2147483649", "99999999999999999999", "1.5", "10.0", "\u0665", "5\u0000",
                "NaN", "Infinity", "null", "[]", "*", "%");
        /** Well-formed tags that name no current version, or malformed values; never {@code *}, which matches. */
        private static final List<String> ODD_IF_MATCH = List.of("\"*\"", "*, \"3\"", "", " ", "W/", "\"\"",
                "\"-1\"", "\"1.0\"", "W/\"1\"", "W/\"2\", \"7\"", "\"01KA0000000000000000000000\"",
                "\"abc\"", "\"1\", \"2\"", "\"1\",\"1\"", "\"9999999999999999999\"", "W/\"\"", "w/\"1\"", "\"0x1\"",
                "\"1", "1\"x", "\"\"1\"\"", "'1'", "1 2", "+1", "-0", "\"1e3\"", "null", "\"%31\"");
        /** If-None-Match values: only exactly {@code *} is honoured, and only where a write can create. */
        private static final List<String> ODD_IF_NONE_MATCH = List.of("*", " * ", "", " ", "**", "\"*\"", "*, *",
                "*, \"1\"", "\"1\"", "W/\"1\"", "\"01KA0000000000000000000000\"", "null", "1", "%2A");
        private static final List<String> ODD_CURSORS = List.of("", ".", "..", "a.b", "AAAA.AAAA", "x", "null",
                "%00", "*", "e30.", ".e30", "eyJ0ZW5hbnQiOiJhIn0.c2VhbA", "====.====", "a".repeat(1025),
                "A".repeat(3000), "ü.ü", "a/b.c/d", "a+b.c+d", "YQ==.YQ==");
        private static final List<String> ODD_INSTANTS = List.of("yesterday", "now", "", "2026-13-01T00:00:00Z",
                "2026-11-27", "2026-11-27T10:00:00", "2026-11-27T25:00:00Z", "2026-02-30T00:00:00Z", "1700000000",
                "\u0662\u0660\u0662\u0666-01-01T00:00:00Z", "2026-11-27T10:00:00Z\u0000",
                "1969-12-31T23:59:59.999Z", "1900-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
                "+1000000000-12-31T23:59:59Z");
        private static final List<String> ODD_ACTIONS = List.of("", "Record.Put", "RECORD.PUT", "record_put",
                "record.put!", "*", "record.*", "1record", ".record", "a".repeat(65), "r\u00e9cord.put", "record put",
                "record.put\u0000");
        private static final List<String> ODD_DECISIONS = List.of("", "allow", "Deny", "MAYBE", "ALLOW,DENY", "*",
                " ALLOW", "ALLOW\u0000", "null");
        private static final List<String> ODD_ACTORS = List.of("", " ", "   ", "a".repeat(257), "\u0000",
                "alice\u0000", "a\nb", "\u007f", "\t");
        /**
         * Numbers that no route accepts: an exponent or scale beyond the int range (Jackson throws
         * NumberFormatException for each) or more than a thousand digits (a stream constraint).
         */
        private static final List<String> HOSTILE_NUMBERS = List.of("1e2147483648", "-1e2147483648",
                "1E+2147483648", "1e-2147483649", "1e-2147483648", "1e99999999999", "0.5e-2147483648",
                "-0.0e-2147483649", "1" + "0".repeat(1000), "-" + "9".repeat(1001), "1e" + "9".repeat(1000));
        private static final List<String> ODD_TENANT_IDS = List.of("ACME", "Acme", "ab", "a", "-acme", "acme_1",
                "ac#me", "acme#a1", "a*", "*", "acme corp", "ac/me", "..", "acmé", "\u00e9\u00e9\u00e9", "%00",
                "acme\u0000", "a".repeat(64), "x".repeat(300), "null", "{tenantId}");
        private static final List<String> ODD_TIERS = List.of("gold", "Standard", "PREMIUM", "", " premium",
                "premium ", "free", "*");
        private static final List<String> ODD_CHANGES = List.of("{\"status\":\"DELETED\"}", "{\"status\":\"active\"}",
                "{\"status\":\"Suspended\"}", "{\"status\":\"\"}", "{\"status\":null}", "{\"status\":1}",
                "{\"status\":[\"ACTIVE\"]}", "{\"status\":\"OFFBOARDING\"}", "{\"auditShards\":0}",
                "{\"auditShards\":17}", "{\"auditShards\":-1}", "{\"auditShards\":1.5}", "{\"auditShards\":\"8\"}",
                "{\"auditShards\":8.0}", "{\"auditShards\":1e2}", "{\"auditShards\":1e400}",
                "{\"auditShards\":2147483648}", "{\"auditShards\":99999999999999999999}", "{\"auditShards\":true}",
                "{\"auditShards\":null}", "{\"auditShards\":1}", "{\"auditShards\":3}",
                "{\"status\":\"SUSPENDED\",\"auditShards\":8}", "{}", "{\"tier\":\"gold\"}",
                "{\"tier\":\"Premium\"}", "{\"tier\":\"standard\",\"auditShards\":8}", "{\"status\":\"PURGED\"}",
                "{\"displayName\":\"Renamed\"}", "{\"tenantId\":\"fuzzcp-new-1\"}", "{\"STATUS\":\"SUSPENDED\"}");
        private static final List<String> TENANT_PARAMETERS = List.of("tenantId", "tenant", "tenant_id",
                "TenantId", "x-tenant", "ownerTenant");
        private static final List<String> TENANT_HEADERS = List.of("X-Tenant-Id", "Tenant", "X-Tenant",
                "X-Forwarded-Tenant");

        final Random random;
        private final Secrets secrets;

        Generator(Random random, Secrets secrets) {
            this.random = random;
            this.secrets = secrets;
        }

        /** Requests every run sends, whatever the seed: the largest bodies and the deepest nesting. */
        List<Case> edgeCases() {
            List<Case> edge = new ArrayList<>();
            byte[] overGateway = tooLargeForTheGateway();
            edge.add(new Case("PUT /namespaces/{ns}/records/{id}", "body over 10 MB", "PUT", record(NS, "big"),
                    Map.of(), overGateway));
            edge.add(new Case("POST /namespaces/{ns}/executions", "body over 10 MB", "POST", executions(NS), Map.of(),
                    overGateway));
            edge.add(new Case("PUT /governance/policy", "body over 10 MB", "PUT", "/governance/policy", Map.of(),
                    overGateway));
            for (int depth : new int[] {33, 100, 1000, 5000}) {
                edge.add(new Case("PUT /namespaces/{ns}/records/{id}", "json: deep nesting", "PUT",
                        record(NS, "deep"), Map.of(), utf8(nested(depth, depth % 2 == 0))));
                edge.add(new Case("POST /namespaces/{ns}/executions", "json: deep nesting", "POST", executions(NS),
                        Map.of(), utf8(nested(depth, true))));
                edge.add(new Case("PUT /governance/policy", "json: deep nesting", "PUT", "/governance/policy",
                        Map.of(), utf8(nested(depth, false))));
            }
            edge.add(new Case("PUT /namespaces/{ns}/records/{id}", "body over 64 KiB", "PUT", record(NS, RECORD_AT_1),
                    Map.of(), utf8("{\"blob\":\"" + "x".repeat(65_536) + "\"}")));
            edge.add(new Case("PUT /namespaces/{ns}/records/{id}", "body over 64 KiB", "PUT", record(NS, "fresh"),
                    Map.of(), utf8("{\"blob\":\"" + "\u00e9".repeat(40_000) + "\"}")));
            return edge;
        }

        private static byte[] tooLargeForTheGateway() {
            // one byte over the gateway's 10 MB: the whole body is read, so the refusal is a clean 413
            byte[] body = new byte[GATEWAY_MAX_BODY + 1];
            java.util.Arrays.fill(body, (byte) ' ');
            byte[] start = "{\"blob\":\"".getBytes(StandardCharsets.UTF_8);
            System.arraycopy(start, 0, body, 0, start.length);
            java.util.Arrays.fill(body, start.length, body.length - 2, (byte) 'x');
            body[body.length - 2] = '"';
            body[body.length - 1] = '}';
            return body;
        }

        // ---- routes

        Case listNamespaces() {
            return tenantNamed("GET /namespaces", "GET", "/namespaces", null);
        }

        Case getPolicy() {
            return tenantNamed("GET /governance/policy", "GET", "/governance/policy", null);
        }

        Case putNamespace() {
            String route = "PUT /namespaces/{ns}";
            return switch (random.nextInt(5)) {
                case 0 -> tenantNamed(route, "PUT", "/namespaces/" + NS, null);
                case 4 -> new Case(route, "odd If-None-Match", "PUT", "/namespaces/" + NS, oddIfNoneMatchHeader(true),
                        null); // NS exists: * is a 412, anything else a 400
                case 1 -> new Case(route, "odd id", "PUT", "/namespaces/" + segment(oddNamespace()), Map.of(),
                        random.nextBoolean() ? null : malformedJson(VALID_RECORD).body());
                default -> new Case(route, "odd id", "PUT", "/namespaces/" + segment(oddNamespace()), Map.of(), null);
            };
        }

        Case deleteNamespace() {
            String route = "DELETE /namespaces/{ns}";
            return switch (random.nextInt(7)) {
                case 6 -> new Case(route, "odd If-None-Match", "DELETE", "/namespaces/" + NS,
                        oddIfNoneMatchHeader(false), null);
                case 0 -> new Case(route, "absent id", "DELETE", "/namespaces/" + segment(absentNamespace()),
                        Map.of(), null);
                case 1 -> new Case(route, "namespace not empty", "DELETE", "/namespaces/"
                        + (random.nextBoolean() ? NS : DECISIONS), oddIfMatchHeader(), null);
                case 2 -> tenantNamed(route, "DELETE", "/namespaces/" + NS, null);
                default -> new Case(route, "odd id", "DELETE", "/namespaces/" + segment(oddNamespace()), Map.of(),
                        null);
            };
        }

        Case listRecords() {
            String route = "GET /namespaces/{ns}/records";
            String valid = "/namespaces/" + NS + "/records";
            return switch (random.nextInt(8)) {
                case 0, 1 -> new Case(route, "odd limit", "GET", valid + "?limit=" + query(oddLimit())
                        + (random.nextBoolean() ? "&cursor={cursor}" : ""), Map.of(), null);
                case 2, 3 -> new Case(route, "odd cursor", "GET", valid + "?cursor=" + query(oddCursor())
                        + (random.nextBoolean() ? "&limit=" + (1 + random.nextInt(100)) : ""), Map.of(), null);
                case 4 -> new Case(route, "odd cursor", "GET", "/namespaces/" + DECISIONS + "/records?cursor={cursor}",
                        Map.of(), null); // this tenant's own cursor, for another namespace
                case 5 -> new Case(route, "absent id", "GET", "/namespaces/" + segment(absentNamespace())
                        + "/records", Map.of(), null);
                case 6 -> tenantNamed(route, "GET", valid, null);
                default -> new Case(route, "odd id", "GET", "/namespaces/" + segment(oddNamespace()) + "/records"
                        + (random.nextBoolean() ? "?limit=5" : ""), Map.of(), null);
            };
        }

        Case getRecord() {
            String route = "GET /namespaces/{ns}/records/{id}";
            return switch (random.nextInt(5)) {
                case 0 -> new Case(route, "absent id", "GET", record(NS, absentRecordId()), Map.of(), null);
                case 1 -> tenantNamed(route, "GET", record(NS, RECORD_AT_1), null);
                case 2 -> new Case(route, "odd id", "GET", record(segment(oddNamespace()), RECORD_AT_1), Map.of(),
                        null);
                default -> new Case(route, "odd id", "GET", record(NS, segment(oddRecordId())), Map.of(), null);
            };
        }

        Case deleteRecord() {
            String route = "DELETE /namespaces/{ns}/records/{id}";
            return switch (random.nextInt(7)) {
                case 6 -> new Case(route, "odd If-None-Match", "DELETE", record(NS, RECORD_AT_1),
                        oddIfNoneMatchHeader(false), null);
                case 0 -> new Case(route, "absent id", "DELETE", record(NS, absentRecordId()), Map.of(), null);
                case 1, 2 -> new Case(route, "odd If-Match", "DELETE", record(NS, RECORD_AT_2), oddIfMatchHeader(),
                        null);
                case 3 -> tenantNamed(route, "DELETE", record(NS, RECORD_AT_2), null);
                case 4 -> new Case(route, "odd id", "DELETE", record(segment(oddNamespace()), RECORD_AT_2), Map.of(),
                        null);
                default -> new Case(route, "odd id", "DELETE", record(NS, segment(oddRecordId())), Map.of(), null);
            };
        }

        Case putRecord() {
            String route = "PUT /namespaces/{ns}/records/{id}";
            byte[] valid = utf8(VALID_RECORD);
            return switch (random.nextInt(13)) {
                case 12 -> new Case(route, "odd If-None-Match", "PUT", record(NS, random.nextBoolean() ? RECORD_AT_1
                        : RECORD_AT_2), oddIfNoneMatchHeader(true), valid); // both exist: * is a 412
                case 0 -> new Case(route, "odd id", "PUT", record(NS, segment(oddRecordId())), Map.of(), valid);
                case 1 -> new Case(route, "odd id", "PUT", record(segment(oddNamespace()), RECORD_AT_1), Map.of(),
                        valid);
                case 2 -> new Case(route, "odd If-Match", "PUT", record(NS, RECORD_AT_2), oddIfMatchHeader(), valid);
                case 3 -> new Case(route, "absent id", "PUT", record(absentNamespace(), RECORD_AT_1), Map.of(), valid);
                case 4 -> new Case(route, "body over 64 KiB", "PUT", record(NS, random.nextBoolean() ? RECORD_AT_1
                        : "fresh"), Map.of(), utf8(largeValidRecord()));
                case 5 -> tenantNamed(route, "PUT", record(NS, "fresh"), VALID_RECORD);
                default -> {
                    Body body = malformedJson(VALID_RECORD);
                    yield new Case(route, body.category(), "PUT", record(NS, random.nextBoolean() ? RECORD_AT_1
                            : "fresh"), Map.of(), body.body());
                }
            };
        }

        Case runExecution() {
            String route = "POST /namespaces/{ns}/executions";
            byte[] valid = utf8(ExecutionApiTest.SUPPLIER_MODEL);
            return switch (random.nextInt(11)) {
                case 10 -> new Case(route, "odd If-None-Match", "POST", executions(DECISIONS),
                        oddIfNoneMatchHeader(false), valid);
                case 0 -> new Case(route, "odd id", "POST", executions(segment(oddNamespace())), Map.of(), valid);
                case 1 -> new Case(route, "absent id", "POST", executions(absentNamespace()), Map.of(), valid);
                case 2, 3, 4 -> new Case(route, "invalid decision model", "POST", executions(NS), Map.of(),
                        utf8(invalidModel()));
                case 5 -> tenantNamed(route, "POST", executions(NS), ExecutionApiTest.SUPPLIER_MODEL);
                case 6 -> new Case(route, "body over 64 KiB", "POST", executions(NS), Map.of(),
                        utf8(largeInvalidModel()));
                default -> {
                    Body body = malformedJson(ExecutionApiTest.SUPPLIER_MODEL.replaceAll("\\s*\n\\s*", " "));
                    yield new Case(route, body.category(), "POST", executions(NS), Map.of(), body.body());
                }
            };
        }

        Case getExecution() {
            String route = "GET /namespaces/{ns}/executions/{id}";
            return switch (random.nextInt(5)) {
                case 0 -> new Case(route, "absent id", "GET", execution(NS, absentExecutionId()), Map.of(), null);
                case 1 -> tenantNamed(route, "GET", execution(DECISIONS, secrets.executionId()), null);
                case 2 -> new Case(route, "odd id", "GET", execution(segment(oddNamespace()), secrets.executionId()),
                        Map.of(), null);
                default -> new Case(route, "odd id", "GET", execution(DECISIONS, segment(oddExecutionId())), Map.of(),
                        null);
            };
        }

        Case listExecutions() {
            String route = "GET /namespaces/{ns}/executions";
            String valid = executions(DECISIONS);
            return switch (random.nextInt(8)) {
                case 0, 1 -> new Case(route, "odd limit", "GET", valid + "?limit=" + query(oddLimit())
                        + (random.nextBoolean() ? "&status=ESCALATE" : ""), Map.of(), null);
                case 2 -> new Case(route, "odd cursor", "GET", valid + "?cursor=" + query(oddCursor()), Map.of(), null);
                // this tenant's own cursor, of its record listing
                case 3 -> new Case(route, "odd cursor", "GET", valid + "?cursor={cursor}", Map.of(), null);
                case 4 -> new Case(route, "odd query value", "GET", valid + "?status=" + query(pick(ODD_STATUSES)),
                        Map.of(), null);
                case 5 -> new Case(route, "absent id", "GET", executions(segment(absentNamespace())), Map.of(), null);
                case 6 -> tenantNamed(route, "GET", valid, null);
                default -> new Case(route, "odd id", "GET", executions(segment(oddNamespace())), Map.of(), null);
            };
        }

        /** Reviews of the tenant's one execution, an ALLOW: even a valid review is a 409 and changes nothing. */
        Case reviewExecution() {
            String route = "POST /namespaces/{ns}/executions/{id}/reviews";
            String valid = "{\"decision\":\"APPROVE\",\"reason\":\"fuzzed\"}";
            String own = reviews(DECISIONS, secrets.executionId());
            return switch (random.nextInt(9)) {
                case 0 -> new Case(route, "absent id", "POST", reviews(DECISIONS, absentExecutionId()), Map.of(),
                        utf8(valid));
                case 1 -> new Case(route, "odd id", "POST", reviews(DECISIONS, segment(oddExecutionId())), Map.of(),
                        utf8(valid));
                case 2 -> new Case(route, "odd id", "POST", reviews(segment(oddNamespace()), secrets.executionId()),
                        Map.of(), utf8(valid));
                case 3, 4 -> new Case(route, "invalid review", "POST", own, Map.of(), utf8(pick(INVALID_REVIEWS)));
                case 5 -> tenantNamed(route, "POST", own, valid);
                case 6 -> new Case(route, "odd If-None-Match", "POST", own, oddIfNoneMatchHeader(false), utf8(valid));
                default -> {
                    Body body = malformedJson(valid);
                    yield new Case(route, body.category(), "POST", own, Map.of(), body.body());
                }
            };
        }

        Case putPolicy() {
            String route = "PUT /governance/policy";
            return switch (random.nextInt(11)) {
                case 10 -> new Case(route, "odd If-None-Match", "PUT", "/governance/policy",
                        oddIfNoneMatchHeader(false), utf8("{\"maxNamespaces\":300}"));
                case 0, 1 -> new Case(route, "policy that loosens an invariant", "PUT", "/governance/policy",
                        Map.of(), utf8(pick(LOOSENING_POLICIES)));
                case 2, 3 -> new Case(route, "invalid policy", "PUT", "/governance/policy", Map.of(),
                        utf8(pick(INVALID_POLICIES)));
                case 4 -> new Case(route, "odd If-Match", "PUT", "/governance/policy", oddIfMatchHeader(),
                        utf8("{\"maxNamespaces\":300}"));
                case 5 -> new Case(route, "body over 64 KiB", "PUT", "/governance/policy", Map.of(),
                        utf8("{\"namespacePrefixes\":[\"" + "p".repeat(70_000 + random.nextInt(50_000)) + "\"]}"));
                case 6 -> tenantNamed(route, "PUT", "/governance/policy", "{\"maxNamespaces\":300}");
                default -> {
                    Body body = malformedJson(VALID_POLICY);
                    yield new Case(route, body.category(), "PUT", "/governance/policy", Map.of(), body.body());
                }
            };
        }

        Case queryAudit() {
            String route = "GET /audit";
            Map<String, String> parameters = new LinkedHashMap<>();
            if (random.nextInt(3) == 0) {
                parameters.put("limit", Integer.toString(1 + random.nextInt(100)));
            }
            if (random.nextInt(3) == 0) {
                parameters.put("decision", random.nextBoolean() ? "ALLOW" : "DENY");
            }
            String category;
            switch (random.nextInt(9)) {
                case 0 -> category = oddPeriod(parameters, false);
                case 1 -> category = oddPeriod(parameters, true);
                case 2 -> {
                    category = "odd query value";
                    parameters.put("action", pick(ODD_ACTIONS));
                }
                case 3 -> {
                    category = "odd query value";
                    parameters.put("decision", pick(ODD_DECISIONS));
                }
                case 4 -> {
                    category = "odd query value";
                    parameters.put("actor", pick(ODD_ACTORS));
                }
                case 5 -> {
                    category = "odd limit";
                    parameters.put("limit", oddLimit());
                }
                case 6 -> {
                    category = "odd cursor";
                    parameters.put("cursor", switch (random.nextInt(4)) {
                        case 0 -> secrets.recordsCursor();         // a records cursor of this tenant
                        case 1 -> secrets.bystanderCursor();       // another tenant's cursor
                        case 2 -> tampered(secrets.auditCursor()); // this tenant's audit cursor, one character off
                        default -> oddCursor();
                    });
                }
                case 7 -> {
                    category = "odd cursor";
                    parameters.put("cursor", secrets.auditCursor()); // issued without filters: used with one
                    parameters.put("action", "record.put");
                }
                default -> {
                    return tenantNamed(route, "GET", "/audit" + queryString(parameters), null);
                }
            }
            return new Case(route, category, "GET", "/audit" + queryString(shuffled(parameters)), Map.of(), null);
        }

        Case listDigests() {
            String route = "GET /audit/digests";
            Map<String, String> parameters = new LinkedHashMap<>();
            String category;
            switch (random.nextInt(5)) {
                case 0 -> category = oddPeriod(parameters, false);
                case 1 -> category = oddPeriod(parameters, true);
                case 2 -> {
                    category = "odd limit";
                    parameters.put("limit", oddLimit());
                }
                case 3 -> {
                    category = "odd cursor";
                    // this tenant's audit cursor is bound to the audit listing, not to the digests'
                    parameters.put("cursor", random.nextBoolean() ? secrets.auditCursor() : oddCursor());
                }
                default -> {
                    return tenantNamed(route, "GET", "/audit/digests" + queryString(parameters), null);
                }
            }
            return new Case(route, category, "GET", "/audit/digests" + queryString(shuffled(parameters)), Map.of(),
                    null);
        }

        /** A period the range listings refuse: one bound that is no instant, or the two bounds reversed. */
        private String oddPeriod(Map<String, String> parameters, boolean reversed) {
            if (reversed) {
                parameters.put("from", "2026-12-01T00:00:00Z");
                parameters.put("to", "2026-11-01T00:00:00Z");
            } else {
                parameters.put(random.nextBoolean() ? "from" : "to", pick(ODD_INSTANTS));
            }
            return "odd query value";
        }

        Case getSigningKey() {
            return tenantNamed("GET /audit/signing-key", "GET", "/audit/signing-key", null);
        }

        Case createTenant() {
            String route = "POST /tenants";
            return switch (random.nextInt(8)) {
                case 0, 1 -> new Case(route, "invalid registration", "POST", "/tenants", Map.of(), utf8(registration(
                        JSON.getNodeFactory().textNode(oddTenantId()), "Fuzz", null)));
                case 2 -> new Case(route, "invalid registration", "POST", "/tenants", Map.of(), utf8(registration(
                        JSON.getNodeFactory().textNode(pick(UNREGISTERED)), "Fuzz", pick(ODD_TIERS))));
                case 3 -> new Case(route, "invalid registration", "POST", "/tenants", Map.of(), utf8(pick(List.of(
                        "{\"tenantId\":\"" + pick(UNREGISTERED) + "\"}",
                        "{\"tenantId\":\"" + pick(UNREGISTERED) + "\",\"displayName\":\"\"}",
                        "{\"tenantId\":\"" + pick(UNREGISTERED) + "\",\"displayName\":\"" + "d".repeat(129) + "\"}",
                        "{\"tenantId\":\"" + pick(UNREGISTERED) + "\",\"displayName\":\"bad\u0001name\"}",
                        "{\"tenantId\":\"" + pick(UNREGISTERED) + "\",\"displayName\":7}",
                        "{\"tenantId\":\"" + pick(UNREGISTERED) + "\",\"displayName\":\"x\",\"status\":\"ACTIVE\"}",
                        "{\"tenantId\":\"" + pick(UNREGISTERED) + "\",\"displayName\":\"x\",\"auditShards\":16}",
                        "{\"tenantId\":[\"" + pick(UNREGISTERED) + "\"],\"displayName\":\"x\"}",
                        "{\"displayName\":\"x\"}"))));
                case 4 -> new Case(route, "invalid registration", "POST", "/tenants", Map.of(), utf8(registration(
                        JSON.getNodeFactory().textNode(TARGET), "Fuzz", random.nextBoolean() ? null
                                : pick(ODD_TIERS)))); // the registered target: 409, or 400 for its tier
                default -> {
                    Body body = malformedJson(VALID_REGISTRATION);
                    yield new Case(route, body.category(), "POST", "/tenants", Map.of(), body.body());
                }
            };
        }

        Case describeTenant() {
            String route = "GET /tenants/{tenantId}";
            return random.nextInt(3) == 0
                    ? new Case(route, "absent id", "GET", "/tenants/" + pick(UNREGISTERED), Map.of(), null)
                    : new Case(route, "odd id", "GET", "/tenants/" + segment(oddTenantId()), Map.of(), null);
        }

        Case updateTenant() {
            String route = "PATCH /tenants/{tenantId}";
            return switch (random.nextInt(8)) {
                case 0 -> new Case(route, "odd id", "PATCH", "/tenants/" + segment(oddTenantId()), Map.of(),
                        utf8(VALID_CHANGE));
                case 1 -> new Case(route, "absent id", "PATCH", "/tenants/" + pick(UNREGISTERED), Map.of(),
                        utf8(VALID_CHANGE));
                case 2, 3, 4 -> new Case(route, "invalid change", "PATCH", "/tenants/" + TARGET, Map.of(),
                        utf8(pick(ODD_CHANGES)));
                default -> {
                    Body body = malformedJson(VALID_CHANGE);
                    yield new Case(route, body.category(), "PATCH", "/tenants/" + TARGET, Map.of(), body.body());
                }
            };
        }

        /** The export: its limit and cursor, and a tenant named; never anything that changes data. */
        Case export() {
            String route = "GET /export";
            return switch (random.nextInt(4)) {
                case 0 -> new Case(route, "odd limit", "GET", "/export?limit=" + query(oddLimit()), Map.of(), null);
                case 1 -> new Case(route, "odd cursor", "GET", "/export?cursor=" + query(oddCursor()), Map.of(), null);
                // this tenant's own cursor, of its record listing
                case 2 -> new Case(route, "odd cursor", "GET", "/export?cursor={cursor}", Map.of(), null);
                default -> tenantNamed(route, "GET", "/export", null);
            };
        }

        /**
         * An offboarding that must change nothing: an odd or unregistered id, or a body (it takes none) on the
         * registered target.
         */
        Case offboardTenant() {
            return lifecycleChange("POST /tenants/{tenantId}/offboard", "/offboard");
        }

        /** A purge that must change nothing: as an offboarding, and the target is never offboarded (a 409). */
        Case purgeTenant() {
            String route = "POST /tenants/{tenantId}/purge";
            return random.nextInt(4) == 0
                    ? new Case(route, "invalid change", "POST", "/tenants/" + TARGET + "/purge", Map.of(), null)
                    : lifecycleChange(route, "/purge");
        }

        private Case lifecycleChange(String route, String action) {
            return switch (random.nextInt(3)) {
                case 0 -> new Case(route, "odd id", "POST", "/tenants/" + segment(oddTenantId()) + action, Map.of(),
                        null);
                case 1 -> new Case(route, "absent id", "POST", "/tenants/" + pick(UNREGISTERED) + action, Map.of(),
                        null);
                default -> new Case(route, "invalid change", "POST", "/tenants/" + TARGET + action, Map.of(),
                        utf8(random.nextBoolean() ? "{}" : pick(ODD_CHANGES)));
            };
        }

        /** Usage: odd instants, a period that ends before it starts or is too long, odd or unregistered ids. */
        Case tenantUsage() {
            String route = "GET /tenants/{tenantId}/usage";
            String valid = "/tenants/" + TARGET + "/usage";
            return switch (random.nextInt(5)) {
                case 0 -> new Case(route, "odd query value", "GET", valid + "?" + (random.nextBoolean() ? "from" : "to")
                        + "=" + query(pick(ODD_INSTANTS)), Map.of(), null);
                case 1 -> new Case(route, "odd query value", "GET",
                        valid + "?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", Map.of(), null);
                case 2 -> new Case(route, "odd query value", "GET",
                        valid + "?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", Map.of(), null);
                case 3 -> new Case(route, "absent id", "GET", "/tenants/" + pick(UNREGISTERED) + "/usage", Map.of(),
                        null);
                default -> new Case(route, "odd id", "GET", "/tenants/" + segment(oddTenantId()) + "/usage", Map.of(),
                        null);
            };
        }

        private static String registration(JsonNode tenantId, String displayName, String tier) {
            ObjectNode body = JSON.createObjectNode();
            body.set("tenantId", tenantId);
            body.put("displayName", displayName);
            if (tier != null) {
                body.put("tier", tier);
            }
            return body.toString();
        }

        private String oddTenantId() {
            String value = random.nextInt(3) == 0 ? randomOdd() : pick(ODD_TENANT_IDS);
            return TENANT_ID.matcher(value).matches() ? "#" + value : value;
        }

        /** The request with a tenant-naming query parameter, header or body field whose value is odd. */
        private Case tenantNamed(String route, String method, String path, String validBody) {
            String value = pick(List.of("", "*", "%", "..", "a#b", "\u00e9", "other-tenant", "fuzz-%00",
                    "x".repeat(300), "null", "[]"));
            switch (random.nextInt(3)) {
                case 0 -> {
                    String separator = path.contains("?") ? "&" : "?";
                    return new Case(route, "tenant-naming parameter", method, path + separator
                            + query(pick(TENANT_PARAMETERS)) + "=" + query(value), Map.of(), validBody == null ? null
                            : utf8(validBody));
                }
                case 1 -> {
                    String ascii = !value.isEmpty() && value.chars().allMatch(c -> c >= 0x21 && c < 0x7f) ? value
                            : "other tenant";
                    return new Case(route, "tenant-naming header", method, path, Map.of(pick(TENANT_HEADERS), ascii),
                            validBody == null ? null : utf8(validBody));
                }
                default -> {
                    ObjectNode body = validBody == null ? JSON.createObjectNode() : (ObjectNode) parse(validBody);
                    body.put(pick(List.of("tenantId", "tenant_id", "tenant", "TENANT", "TenantId")), value);
                    return new Case(route, "tenant-naming body field", method, path, Map.of(), utf8(body.toString()));
                }
            }
        }

        // ---- bodies

        record Body(String category, byte[] body) {
        }

        /** A malformed variant of a valid compact JSON object. */
        Body malformedJson(String valid) {
            String inner = valid.substring(1, valid.length() - 1); // the members, without the braces
            return switch (random.nextInt(12)) {
                case 0 -> new Body("json: truncated", utf8(valid.substring(0, random.nextInt(valid.length()))));
                case 1 -> new Body("json: wrong type", utf8(pick(List.of("[]", "[" + valid + "]", "\"" + inner
                        .replace("\"", "'") + "\"", "42", "-1.5e3", "null", "true", "false", "\"\"", " ", "\n\t"))));
                case 2 -> {
                    String key = pick(List.of("k", "item", "objective", "maxNamespaces", "data", "x"));
                    String dup = random.nextBoolean()
                            ? "{\"" + key + "\":1,\"" + key + "\":2," + inner + "}"
                            : "{" + inner + ",\"nested\":{\"" + key + "\":true,\"" + key + "\":false}}";
                    yield new Body("json: duplicate keys", utf8(dup));
                }
                case 3 -> new Body("json: NaN/Infinity", utf8("{" + inner + ",\"v\":" + pick(List.of("NaN",
                        "Infinity", "-Infinity", "+Infinity", "nan", "inf", "-NaN", "1e", "1e+", "--1", "+1", "01",
                        ".5", "5.", "0x1F", "1_000")) + "}"));
                case 4 -> new Body("json: comment", utf8(pick(List.of("{/* c */" + inner + "}", "{// c\n" + inner
                        + "}", "{# c\n" + inner + "}", valid + "/* trailing */", "/**/" + valid))));
                case 5 -> new Body("json: invalid UTF-8", invalidUtf8(inner));
                case 6 -> new Body("json: syntax", utf8(pick(List.of(
                        "{" + inner + ",}", "{," + inner + "}", "{" + inner.replace("\"", "'") + "}",
                        "{" + inner.replaceFirst("\"([^\"]*)\":", "$1:") + "}", "{" + inner.replaceFirst(":", "")
                                + "}", "{" + inner + ",\"s\":\"unterminated}", "{" + inner + ",\"s\":\"\\x41\"}",
                        "{" + inner + ",\"s\":\"raw\u0001control\"}", "{" + inner + ",\"s\":\"tab\there\"}",
                        "{\"a\" 1}", "{:}", "{\"\":}", "{{}}", "{" + inner + "", inner + "}"))));
                case 7 -> new Body("json: trailing content", utf8(valid + pick(List.of("x", "{}", "]", "}", ",",
                        " 1", "\u0000", "null", valid))));
                case 8 -> new Body("json: deep nesting", utf8(nested(33 + random.nextInt(3000), random.nextBoolean())));
                case 9 -> new Body("json: empty body", random.nextBoolean() ? new byte[0] : utf8("   "));
                case 10 -> new Body("json: hostile number", utf8(random.nextBoolean()
                        ? "{" + inner + ",\"v\":" + pick(HOSTILE_NUMBERS) + "}"
                        : "{" + inner + ",\"nested\":{\"v\":[1," + pick(HOSTILE_NUMBERS) + "]}}"));
                default -> new Body("json: syntax", utf8("{" + inner + "," + pick(List.of("1", "\"k\"", "[]",
                        "{}")) + "}"));
            };
        }

        /** Invalid UTF-8 bytes where JSON allows no text at all (a bare value, a key), so the body is invalid. */
        private byte[] invalidUtf8(String inner) {
            byte[] bad = pick(List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0x80},
                    new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82},
                    new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                    new byte[] {(byte) 0x80}, new byte[] {(byte) 0xFE, (byte) 0xFF}));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean asValue = random.nextBoolean();
            out.writeBytes(utf8("{" + inner + (asValue ? ",\"bad\":" : ",")));
            out.writeBytes(bad);
            out.writeBytes(utf8(asValue ? "}" : ":1}"));
            return out.toByteArray();
        }

        private static String nested(int depth, boolean arrays) {
            StringBuilder text = new StringBuilder(depth * 6);
            text.append("{\"n\":");
            for (int i = 1; i < depth; i++) {
                text.append(arrays ? "[" : "{\"n\":");
            }
            text.append("1");
            for (int i = 1; i < depth; i++) {
                text.append(arrays ? "]" : "}");
            }
            return text.append("}").toString();
        }

        private String largeValidRecord() {
            int size = 65_537 + random.nextInt(200_000);
            return random.nextBoolean() ? "{\"blob\":\"" + "y".repeat(size) + "\"}"
                    : "{\"list\":[" + "1,".repeat(size / 2) + "1]}";
        }

        private static final List<String> LOOSENING_POLICIES = List.of("{\"maxRecordBytes\":70000}",
                "{\"maxNamespaces\":1001}", "{\"maxNamespaces\":2147483647}", "{\"auditRetentionDays\":30}",
                "{\"auditRetentionDays\":1}", "{\"execution\":{\"escalateAtRisk\":\"critical\"}}",
                "{\"execution\":{\"maxOptions\":101}}", "{\"execution\":{\"maxCriteria\":21}}",
                "{\"roles\":{\"viewer\":[\"namespace.list\",\"record.get\",\"record.list\",\"execution.get\","
                        + "\"record.put\"]}}",
                "{\"roles\":{\"operator\":[\"audit.query\",\"namespace.create\",\"namespace.list\","
                        + "\"namespace.delete\",\"record.put\",\"record.get\",\"record.list\",\"record.delete\","
                        + "\"execution.run\",\"execution.get\",\"policy.put\"]}}",
                "{\"maxRecordBytes\":70000,\"maxNamespaces\":1001,\"auditRetentionDays\":2}");
        private static final List<String> ODD_STATUSES = List.of("", "escalate", "Approved", "ESCALATE ", " ALLOW",
                "ALLOW,BLOCK", "*", "%", "null", "PENDING", "ESCALATE\u0000", "x".repeat(300), "\u00c9SCALATE");
        private static final List<String> INVALID_REVIEWS = List.of("{}", "{\"decision\":\"approve\",\"reason\":\"r\"}",
                "{\"decision\":\"APPROVE\"}", "{\"reason\":\"r\"}", "{\"decision\":\"APPROVE\",\"reason\":\"\"}",
                "{\"decision\":\"APPROVE\",\"reason\":\"   \"}", "{\"decision\":\"REJECT\",\"reason\":7}",
                "{\"decision\":\"APPROVE\",\"reason\":\"" + "r".repeat(1001) + "\"}",
                "{\"decision\":[\"APPROVE\"],\"reason\":\"r\"}", "{\"decision\":null,\"reason\":\"r\"}",
                "{\"decision\":\"APPROVE\",\"reason\":\"r\",\"reviewer\":\"someone-else\"}",
                "{\"decision\":\"MAYBE\",\"reason\":\"r\"}");
        private static final List<String> INVALID_POLICIES = List.of("{\"maxRecordBytes\":-1}",
                "{\"maxRecordBytes\":\"1024\"}", "{\"maxRecordBytes\":1.5}", "{\"maxRecordBytes\":1e3}",
                "{\"maxRecordBytes\":null}", "{\"maxNamespaces\":99999999999999999999}", "{\"recordDeletion\":\"false\"}",
                "{\"recordDeletion\":0}", "{\"unknown\":1}", "{\"roles\":{\"superuser\":[]}}",
                "{\"roles\":{\"viewer\":[\"record.fly\"]}}", "{\"roles\":\"viewer\"}", "{\"roles\":{\"viewer\":\"all\"}}",
                "{\"execution\":{\"escalateAtRisk\":\"extreme\"}}", "{\"execution\":{\"escalateAtRisk\":2}}",
                "{\"execution\":{\"unknown\":1}}", "{\"execution\":[]}", "{\"namespacePrefixes\":[\"Bad Prefix\"]}",
                "{\"namespacePrefixes\":\"fz\"}", "{\"namespacePrefixes\":[1]}", "{\"namespacePrefixes\":[\"\"]}",
                "{\"namespacePrefixes\":[" + "\"p\",".repeat(20) + "\"p\"]}", "{\"auditRetentionDays\":36501}",
                "{\"auditRetentionDays\":0}", "{\"auditRetentionDays\":true}", "{\"maxNamespaces\":400,\"MAXNAMESPACES\":1}",
                "{\"global\":{}}", "{\"version\":7}", "{\"effective\":{\"maxRecordBytes\":1}}");

        /** A decision model with one mutation that makes it malformed (400), never merely blocked (201). */
        private String invalidModel() {
            ObjectNode model = (ObjectNode) parse(ExecutionApiTest.SUPPLIER_MODEL);
            ArrayNode criteria = (ArrayNode) model.get("criteria");
            ArrayNode options = (ArrayNode) model.get("options");
            ObjectNode firstCriterion = (ObjectNode) criteria.get(0);
            ObjectNode firstScores = (ObjectNode) options.get(0).get("scores");
            switch (random.nextInt(24)) {
                case 0 -> model.remove(pick(List.of("objective", "criteria", "options", "riskPosture")));
                case 1 -> model.put("criteria", "cost");
                case 2 -> firstCriterion.put("weight", new java.math.BigDecimal(pick(List.of("0", "-1", "-0.0001"))));
                case 3 -> firstCriterion.put("weight", "0.4");
                case 4 -> firstCriterion.put("weight", new java.math.BigDecimal(pick(List.of("1e16", "1e300",
                        "-1e300", "1000000000000001"))));
                case 5 -> firstCriterion.put("direction", pick(List.of("up", "MIN", "", "minimum")));
                case 6 -> criteria.add(firstCriterion.deepCopy());
                case 7 -> firstScores.put("unknown-criterion", 1);
                case 8 -> firstScores.put("cost", pick(List.of("120", "NaN", "")));
                case 9 -> firstScores.put("cost", new java.math.BigDecimal(pick(List.of("1e16", "-1e300",
                        "9999999999999999"))));
                case 10 -> model.put("riskPosture", pick(List.of("extreme", "LOW", "", " ")));
                case 11 -> model.put("expiresAt", pick(List.of("tomorrow", "2099-01-01", "", "2099-13-01T00:00:00Z")));
                case 12 -> model.put(pick(List.of("extra", "Objective", "result", "status")), 1);
                case 13 -> model.put("objective", pick(List.of("", "   ", "x".repeat(1001), "bad\u0001text")));
                case 14 -> firstCriterion.put("name", "n".repeat(65));
                case 15 -> model.putArray(random.nextBoolean() ? "options" : "criteria");
                case 16 -> {
                    ArrayNode many = model.putArray("options");
                    for (int i = 0; i < 1001; i++) {
                        many.addObject().put("name", "o" + i).putObject("scores").put("cost", i).put("quality", i);
                    }
                }
                case 17 -> {
                    ArrayNode many = model.putArray("criteria");
                    for (int i = 0; i < 101; i++) {
                        many.addObject().put("name", "c" + i).put("weight", 1).put("direction", "max");
                    }
                }
                case 18 -> ((ObjectNode) model.get("constraints").get(0)).put("min", 200);
                case 19 -> ((ObjectNode) model.get("constraints").get(0)).remove("max");
                case 20 -> ((ObjectNode) model.get("constraints").get(0)).put("criterion", "speed");
                case 21 -> model.put("constraints", "none");
                case 22 -> options.add("D");
                default -> options.add(options.get(0).deepCopy());
            }
            return model.toString();
        }

        private String largeInvalidModel() {
            ObjectNode model = (ObjectNode) parse(ExecutionApiTest.SUPPLIER_MODEL);
            model.put("objective", "o".repeat(65_537 + random.nextInt(100_000)));
            return model.toString();
        }

        // ---- ids and values

        private String oddNamespace() {
            String value = switch (random.nextInt(5)) {
                case 0 -> "n".repeat(64 + random.nextInt(2000));
                case 1 -> pick(List.of("Orders", "FZ", "fZ", "Fz"));
                case 2, 3 -> pick(ODD_IDS);
                default -> randomOdd();
            };
            return NAMESPACE.matcher(value).matches() ? "#" + value : value;
        }

        private String oddRecordId() {
            String value = switch (random.nextInt(4)) {
                case 0 -> "r".repeat(129 + random.nextInt(3000));
                case 1, 2 -> pick(ODD_IDS);
                default -> randomOdd();
            };
            return RECORD_ID.matcher(value).matches() ? "#" + value : value;
        }

        private String oddExecutionId() {
            String value = switch (random.nextInt(4)) {
                case 0 -> secrets.executionId().toLowerCase(java.util.Locale.ROOT);
                case 1 -> pick(List.of(secrets.executionId().substring(1), secrets.executionId() + "0",
                        "0000000000000000000000000I", "0000000000000000000000000L", "0000000000000000000000000U",
                        "0000000000000000000000000O", "EXE#" + secrets.executionId()));
                case 2 -> pick(ODD_IDS);
                default -> randomOdd();
            };
            return EXECUTION_ID.matcher(value).matches() ? "#" + value : value;
        }

        private String randomOdd() {
            StringBuilder value = new StringBuilder();
            int length = 1 + random.nextInt(24);
            for (int i = 0; i < length; i++) {
                if (random.nextInt(3) == 0) {
                    value.append(ODD_CHARS.charAt(random.nextInt(ODD_CHARS.length())));
                } else {
                    value.append((char) ('a' + random.nextInt(26)));
                }
            }
            return value.toString();
        }

        private String absentNamespace() {
            return pick(List.of("absent", "a", "0", "zz-" + random.nextInt(1_000_000), "n".repeat(63), "a.b", "a-_."));
        }

        private String absentRecordId() {
            return pick(List.of("absent", "R1", "r1.", "r1-", "0", "r" + random.nextInt(1_000_000), "r".repeat(128),
                    "A.b_c-d"));
        }

        private String absentExecutionId() {
            StringBuilder id = new StringBuilder();
            String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
            for (int i = 0; i < 26; i++) {
                id.append(alphabet.charAt(random.nextInt(i == 0 ? 8 : 32)));
            }
            return id.toString();
        }

        private String oddLimit() {
            String value = random.nextBoolean() ? pick(ODD_LIMITS)
                    : Integer.toString(random.nextBoolean() ? 101 + random.nextInt(100_000) : -random.nextInt(1000));
            try {
                int parsed = Integer.parseInt(value);
                return parsed >= 1 && parsed <= 100 ? "0" : value;
            } catch (NumberFormatException invalid) {
                return value;
            }
        }

        private String oddCursor() {
            return random.nextInt(3) == 0 ? tampered(secrets.recordsCursor()) : pick(ODD_CURSORS);
        }

        private String tampered(String cursor) {
            int position = random.nextInt(cursor.length());
            char c = cursor.charAt(position);
            char other = c == 'A' ? 'B' : 'A';
            return cursor.substring(0, position) + other + cursor.substring(position + 1);
        }

        private Map<String, String> oddIfMatchHeader() {
            String value = random.nextInt(3) == 0
                    ? "\"" + (3 + random.nextInt(1_000_000)) + "\"" // well-formed, but never the current version
                    : pick(ODD_IF_MATCH);
            // the policy's ETag is "1": no strong tag and no bare number may name it (or any version up to 2)
            String stripped = value.strip();
            Matcher version = VERSION_TAG.matcher(stripped);
            boolean namesACurrentVersion = stripped.matches("[0-9]{1,18}") && Long.parseLong(stripped) <= 2;
            while (version.find()) {
                namesACurrentVersion |= Long.parseLong(version.group(1)) <= 2;
            }
            if (namesACurrentVersion) {
                value = "\"" + (3 + random.nextInt(1000)) + "\"";
            }
            return Map.of("If-Match", value);
        }

        /**
         * An If-None-Match the route must refuse or fail: {@code *} only where {@code starFails} (the target exists and
         * the route creates only), else any value, {@code *} included, where a route cannot create (400).
         */
        private Map<String, String> oddIfNoneMatchHeader(boolean starFails) {
            String value = pick(ODD_IF_NONE_MATCH);
            if (value.equals("*") && !starFails && random.nextBoolean()) {
                value = "\"" + random.nextInt(1000) + "\"";
            }
            return Map.of("If-None-Match", value);
        }

        private Map<String, String> shuffled(Map<String, String> parameters) {
            List<Map.Entry<String, String>> entries = new ArrayList<>(parameters.entrySet());
            java.util.Collections.shuffle(entries, random);
            Map<String, String> result = new LinkedHashMap<>();
            entries.forEach(entry -> result.put(entry.getKey(), entry.getValue()));
            return result;
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        /** A decoded path parameter as a raw path segment: percent-encoded, double-encoded, or left as it is. */
        private String segment(String decoded) {
            return switch (random.nextInt(6)) {
                case 0 -> percentEncode(percentEncode(decoded, false), false); // decoded once, still holds '%'
                case 1 -> percentEncode(decoded, true);                        // even '.' and '-' encoded
                default -> percentEncode(decoded, false);                      // '..' and '.' stay as they are
            };
        }
    }


    static String record(String namespace, String id) {
        return "/namespaces/" + namespace + "/records/" + id;
    }

    static String executions(String namespace) {
        return "/namespaces/" + namespace + "/executions";
    }

    static String execution(String namespace, String id) {
        return executions(namespace) + "/" + id;
    }

    static String reviews(String namespace, String id) {
        return execution(namespace, id) + "/reviews";
    }


    static String query(String value) {
        return percentEncode(value, false);
    }

    static String queryString(Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return "";
        }
        return parameters.entrySet().stream().map(e -> query(e.getKey()) + "=" + query(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    /** Percent-encodes every UTF-8 byte outside the unreserved characters (and those too, when {@code all}). */
    static String percentEncode(String value, boolean all) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved && !(all && (c == '.' || c == '-'))) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode parse(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...(" + text.length() + " chars)";
    }

    static String printable(byte[] body) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(body.length, 120); i++) {
            int c = body[i] & 0xff;
            text.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return text.toString();
    }

}
