package com.execalc.local;

import com.execalc.ingress.Route;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How the local gateway matches a raw path to a route, as API Gateway matches its resources. */
class RouteMatchTest {

    @Test
    void find_shouldMatchAResourcePath_andDecodeItsParameters_inOrder() {
        RouteMatch match = RouteMatch.find("PUT", "/namespaces/a%2Fb/records/r%231");

        assertThat(match.route()).isEqualTo(Route.PUT_RECORD);
        assertThat(match.pathParameters()).containsExactly(Map.entry("ns", "a/b"), Map.entry("id", "r#1"));
    }

    @Test
    void find_shouldKeepAPlusInAPathParameter_asAPlus() {
        assertThat(RouteMatch.find("GET", "/namespaces/a+b/records").pathParameters()).containsEntry("ns", "a+b");
    }

    @Test
    void find_shouldNotMatch_anEmptyParameterSegment_aTrailingSlash_orAnotherMethod() {
        assertThat(RouteMatch.find("GET", "/namespaces//records")).isNull();
        assertThat(RouteMatch.find("GET", "/namespaces/")).isNull();
        assertThat(RouteMatch.find("GET", "/me/")).isNull();
        assertThat(RouteMatch.find("POST", "/me")).isNull();
        assertThat(RouteMatch.find("GET", "/nowhere")).isNull();
    }

    @Test
    void everyRoute_shouldBeFoundByItsOwnResourcePath_withSampleParameters() {
        for (Route route : Route.values()) {
            String path = route.resourcePath().replaceAll("\\{[^}]+}", "x1");

            RouteMatch match = RouteMatch.find(route.method(), path);

            assertThat(match).as(route.name()).isNotNull();
            assertThat(match.route()).isEqualTo(route);
        }
    }
}
