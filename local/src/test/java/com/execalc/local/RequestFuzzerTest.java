package com.execalc.local;

import com.execalc.api.LambdaJson;
import com.execalc.ingress.Route;
import com.execalc.local.RequestFuzzer.Case;
import com.execalc.local.RequestFuzzer.Secrets;
import com.execalc.tenancy.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request fuzzer's generator, without a stack: what it generates for a seed is reproducible, reaches the route it
 * is filed under, and is invalid the way its category says, checked against the documented formats and the functions'
 * own strict JSON parser.
 */
class RequestFuzzerTest {

    /** Stand-ins for the run-time values: a cursor and an execution id shaped like real ones. */
    private static final Secrets SECRETS = new Secrets("eyJ0IjoiYSJ9.c2VhbA", "eyJ0IjoiYiJ9.c2VhbA",
            "eyJ0IjoiYyJ9.c2VhbA", "01KA0000000000000000000042");
    private static final List<Case> CASES = RequestFuzzer.generate(RequestFuzzTest.DEFAULT_SEED, 3000, SECRETS);

    /** A strong entity tag that is a version number; If-Match compares strongly, so a weak one never matches. */
    private static final Pattern STRONG_VERSION_TAG = Pattern.compile("(?<!W/)\"([0-9]{1,18})\"");
    private static final Pattern LIMIT = Pattern.compile("[?&]limit=([^&]*)");

    private static String pathOf(Case fuzzCase) {
        String path = fuzzCase.path();
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    @Test
    void theSameSeed_shouldGenerateTheSameRequests_andAnotherSeedOthers() {
        List<String> again = RequestFuzzer.generate(RequestFuzzTest.DEFAULT_SEED, 3000, SECRETS).stream()
                .map(Case::toString).toList();
        List<String> other = RequestFuzzer.generate(RequestFuzzTest.DEFAULT_SEED + 1, 3000, SECRETS).stream()
                .map(Case::toString).toList();

        assertThat(again).isEqualTo(CASES.stream().map(Case::toString).toList());
        assertThat(other).isNotEqualTo(again);
    }

    @Test
    void everyRun_shouldStartWithTheEdgeCases_thenTheRequestedNumberOfRandomOnes() {
        assertThat(CASES).hasSize(17 + 3000);
        assertThat(CASES.subList(0, 3)).allSatisfy(edge -> {
            assertThat(edge.category()).isEqualTo("body over 10 MB");
            assertThat(edge.body()).hasSize(10 * 1024 * 1024 + 1);
        });
        assertThat(CASES.subList(3, 15)).extracting(Case::category).containsOnly("json: deep nesting");
        assertThat(RequestFuzzer.generate(1, 0, SECRETS)).hasSize(17);
    }

    @Test
    void everyCase_shouldReachTheRouteItIsFiledUnder_orNoRouteAtAll() {
        for (Case fuzzCase : CASES) {
            RouteMatch match = RouteMatch.find(fuzzCase.method(), pathOf(fuzzCase));
            if (match != null) {
                assertThat(fuzzCase.method() + " " + match.route().resourcePath()).as(fuzzCase.toString())
                        .isEqualTo(fuzzCase.route());
            }
        }
        assertThat(CASES).filteredOn(fuzzCase -> RouteMatch.find(fuzzCase.method(), pathOf(fuzzCase)) != null)
                .hasSizeGreaterThan(CASES.size() * 9 / 10);
    }

    @Test
    void everyOddId_shouldBreakTheDocumentedFormatOfAtLeastOnePathParameter() {
        Map<String, Pattern> formats = Map.of("ns", Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}"),
                "tenantId", Pattern.compile("[a-z0-9][a-z0-9-]{2,62}"));
        Pattern recordId = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
        Pattern executionId = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
        List<Case> oddIds = CASES.stream().filter(fuzzCase -> fuzzCase.category().equals("odd id")).toList();

        assertThat(oddIds).hasSizeGreaterThan(100).allSatisfy(fuzzCase -> {
            RouteMatch match = RouteMatch.find(fuzzCase.method(), pathOf(fuzzCase));
            if (match == null) {
                return; // an empty segment: no route, which the gateway answers 404
            }
            boolean broken = match.pathParameters().entrySet().stream().anyMatch(parameter -> {
                Pattern format = parameter.getKey().equals("id")
                        ? (fuzzCase.route().contains("/executions/") ? executionId : recordId)
                        : formats.get(parameter.getKey());
                return !format.matcher(parameter.getValue()).matches();
            });
            assertThat(broken).as("%s has a parameter out of its format", fuzzCase).isTrue();
        });
    }

    @Test
    void everyOddLimit_shouldBeOutsideOneToAHundred() {
        List<Case> oddLimits = CASES.stream().filter(fuzzCase -> fuzzCase.category().equals("odd limit")).toList();

        assertThat(oddLimits).hasSizeGreaterThan(50).allSatisfy(fuzzCase -> {
            Matcher limit = LIMIT.matcher(fuzzCase.path());
            assertThat(limit.find()).as(fuzzCase.toString()).isTrue();
            String value = java.net.URLDecoder.decode(limit.group(1), StandardCharsets.UTF_8);
            try {
                int parsed = Integer.parseInt(value);
                assertThat(parsed < 1 || parsed > 100).as("%s: limit %d", fuzzCase, parsed).isTrue();
            } catch (NumberFormatException notANumber) {
                // not a whole number at all: odd
            }
        });
    }

    @Test
    void everyOddIfMatch_shouldNeverNameAVersionTheFuzzingTenantsDataIsAt_norBeAStar() {
        List<Case> oddIfMatch = CASES.stream().filter(fuzzCase -> fuzzCase.category().equals("odd If-Match"))
                .toList();

        assertThat(oddIfMatch).hasSizeGreaterThan(50).allSatisfy(fuzzCase -> {
            String value = fuzzCase.headers().get("If-Match").strip();
            assertThat(value).as("%s: * matches any current record", fuzzCase).isNotEqualTo("*");
            if (value.matches("[0-9]{1,18}")) {
                assertThat(Long.parseLong(value)).as(fuzzCase.toString()).isGreaterThan(2);
            }
            Matcher version = STRONG_VERSION_TAG.matcher(value);
            while (version.find()) {
                assertThat(Long.parseLong(version.group(1))).as(fuzzCase.toString()).isGreaterThan(2);
            }
        });
    }

    @Test
    void anIfNoneMatchStar_shouldOnlyBeSent_whereItsTargetExists_onARouteThatCreates() {
        List<Case> oddIfNoneMatch = CASES.stream().filter(fuzzCase -> fuzzCase.category().equals("odd If-None-Match"))
                .toList();

        assertThat(oddIfNoneMatch).hasSizeGreaterThan(50)
                .allSatisfy(fuzzCase -> assertThat(fuzzCase.headers()).containsOnlyKeys("If-None-Match"));
        // a * on a route that can create (a namespace or record PUT) names a target that exists: a 412, never a 201
        assertThat(oddIfNoneMatch).filteredOn(fuzzCase -> fuzzCase.headers().get("If-None-Match").equals("*"))
                .filteredOn(fuzzCase -> fuzzCase.route().equals("PUT /namespaces/{ns}")
                        || fuzzCase.route().equals("PUT /namespaces/{ns}/records/{id}"))
                .isNotEmpty().allSatisfy(fuzzCase -> assertThat(fuzzCase.path()).as(fuzzCase.toString())
                        .isIn("/namespaces/" + RequestFuzzer.NS,
                                "/namespaces/" + RequestFuzzer.NS + "/records/" + RequestFuzzer.RECORD_AT_1,
                                "/namespaces/" + RequestFuzzer.NS + "/records/" + RequestFuzzer.RECORD_AT_2));
        // elsewhere (a delete, an execution, the policy) If-None-Match cannot apply: every value, * included, a 400
        assertThat(oddIfNoneMatch).filteredOn(fuzzCase -> fuzzCase.headers().get("If-None-Match").equals("*"))
                .anySatisfy(fuzzCase -> assertThat(fuzzCase.method()).isNotEqualTo("PUT"));
    }

    @Test
    void everyMalformedJsonBody_shouldBeRefusedByTheFunctionsOwnParser_asTheGatewayHandsItOn() {
        LambdaJson json = new LambdaJson();
        List<Case> malformed = CASES.stream().filter(fuzzCase -> fuzzCase.category().startsWith("json: ")).toList();

        assertThat(malformed.stream().map(Case::category).collect(Collectors.toSet())).contains("json: truncated",
                "json: wrong type", "json: duplicate keys", "json: NaN/Infinity", "json: hostile number",
                "json: comment", "json: invalid UTF-8", "json: deep nesting", "json: syntax",
                "json: trailing content", "json: empty body");
        assertThat(malformed).allSatisfy(fuzzCase -> {
            // the gateway hands the body on as text, each invalid UTF-8 sequence decoded as U+FFFD
            String body = new String(fuzzCase.body(), StandardCharsets.UTF_8);
            assertThatThrownBy(() -> json.parseObject(body)).as(fuzzCase.toString())
                    .isInstanceOf(InvalidInputException.class);
        });
    }

    @Test
    void everyTenantNamingCase_shouldNameATenantWhereTheGuardLooks() {
        List<Case> naming = CASES.stream().filter(fuzzCase -> fuzzCase.category().startsWith("tenant-naming"))
                .toList();

        assertThat(naming).hasSizeGreaterThan(100).allSatisfy(fuzzCase -> {
            switch (fuzzCase.category()) {
                case "tenant-naming parameter" -> assertThat(fuzzCase.path().toLowerCase())
                        .containsPattern("[?&][^=&]*tenant[^=&]*=");
                case "tenant-naming header" -> assertThat(fuzzCase.headers().keySet())
                        .anyMatch(name -> name.toLowerCase().contains("tenant"));
                default -> assertThat(new String(fuzzCase.body(), StandardCharsets.UTF_8).toLowerCase())
                        .containsPattern("\"tenant(_?id)?\":");
            }
        });
    }

    @Test
    void everyRouteAndBothPlanes_shouldBeFuzzed() {
        Set<String> routes = CASES.stream().map(Case::route).collect(Collectors.toSet());

        // every route but GET /me, which reads no input a request could get wrong
        assertThat(routes).containsExactlyInAnyOrderElementsOf(Arrays.stream(Route.values())
                .filter(route -> route != Route.WHO_AM_I)
                .map(route -> route.method() + " " + route.resourcePath()).toList());
        assertThat(CASES).anyMatch(Case::controlPlane).anyMatch(fuzzCase -> !fuzzCase.controlPlane());
        assertThat(CASES).filteredOn(Case::controlPlane)
                .allMatch(fuzzCase -> fuzzCase.route().contains(" /tenants"));
    }

    @Test
    void percentEncode_shouldEncodeEveryByteButTheUnreserved_andThoseTooWhenAsked() {
        assertThat(RequestFuzzer.percentEncode("a-b.c_d~e f/é#", false)).isEqualTo("a-b.c_d~e%20f%2F%C3%A9%23");
        assertThat(RequestFuzzer.percentEncode("a-b.c", true)).isEqualTo("a%2Db%2Ec");
    }
}
