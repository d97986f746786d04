package com.execalc.infra;

import com.execalc.ingress.Plane;
import com.execalc.ingress.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.apigateway.Method;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compute isolation: in the default (isolated) mode the data-plane function runs in Lambda tenant-isolation mode and
 * API Gateway routes every tenant request to its tenant's environments by the authorizer's tenant, never the
 * client's; shared mode trades that for SnapStart and keeps everything else.
 */
class TenantIsolationTest {

    @Nested
    class IsolatedMode {

        private final Synthesized app = Synthesized.defaults();

        @Test
        void theTenantApi_shouldRunInTenantIsolationMode_perTenant() {
            assertThat(app.properties("TenantApiFunction").at("/TenancyConfig/TenantIsolationMode").asText())
                    .isEqualTo("PER_TENANT");
        }

        @Test
        void theTenantApi_shouldNotUseSnapStart_whichLambdaCannotCombineWithTenantIsolation() {
            assertThat(app.properties("TenantApiFunction").has("SnapStart")).isFalse();
        }

        @Test
        void everyTenantRoute_shouldSetTheLambdaTenantHeader_fromTheAuthorizersTenantOnly() {
            JsonNode expected = JsonNodeFactory.instance.objectNode()
                    .put("integration.request.header.X-Amz-Tenant-Id", "context.authorizer.tenantId");
            methods(Plane.TENANT).forEach((route, method) ->
                    assertThat(method.at("/Integration/RequestParameters")).as(route.name()).isEqualTo(expected));
        }

        @Test
        void everyTenantRoute_shouldInvokeTheTenantApi_asALambdaProxyIntegration() {
            String alias = app.logicalId(app.stack().functions().tenantApiTarget());
            methods(Plane.TENANT).forEach((route, method) -> {
                assertThat(method.at("/Integration/Type").asText()).as(route.name()).isEqualTo("AWS_PROXY");
                assertThat(method.at("/Integration/Uri").toString()).as(route.name()).contains("\"" + alias + "\"");
            });
        }

        @Test
        void controlPlaneRoutes_shouldInvokeTheControlPlane_withoutATenantHeader() {
            methods(Plane.CONTROL).forEach((route, method) -> {
                assertThat(method.at("/Integration/RequestParameters").isMissingNode()
                        || method.at("/Integration/RequestParameters").isEmpty()).as(route.name()).isTrue();
                assertThat(method.at("/Integration/Uri").toString()).as(route.name())
                        .contains("control-plane").contains(":" + ExecalcFunctions.LIVE_ALIAS + "/invocations");
            });
        }

        private Map<Route, JsonNode> methods(Plane plane) {
            return TenantIsolationTest.methods(app, plane);
        }
    }

    @Nested
    class SharedMode {

        private final Synthesized app = Synthesized.alternative();

        @Test
        void theTenantApi_shouldRunWithoutTenantIsolation_andWithSnapStart() {
            JsonNode function = app.properties("TenantApiFunction");
            assertThat(function.has("TenancyConfig")).isFalse();
            assertThat(function.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
        }

        @Test
        void onTheAotRuntime_theTenantApi_shouldRunWithoutTenantIsolation_andWithoutSnapStart() {
            JsonNode function = Synthesized.with(java.util.Map.of("tenancyMode", "shared"))
                    .properties("TenantApiFunction");

            assertThat(function.path("Runtime").asText()).isEqualTo("provided.al2023");
            assertThat(function.has("TenancyConfig")).isFalse();
            assertThat(function.has("SnapStart")).isFalse();
        }

        @Test
        void tenantRoutes_shouldNotSendALambdaTenantHeader_toAFunctionThatIsNotTenantIsolated() {
            methods(app, Plane.TENANT).forEach((route, method) ->
                    assertThat(method.at("/Integration/RequestParameters").path(ExecalcApi.TENANT_ID_HEADER)
                            .isMissingNode()).as(route.name()).isTrue());
        }

        @Test
        void tenantRoutes_shouldKeepTheSameAuthorizerAndApiKeyRequirement_asInIsolatedMode() {
            methods(app, Plane.TENANT).forEach((route, method) -> {
                assertThat(method.path("AuthorizationType").asText()).as(route.name()).isEqualTo("CUSTOM");
                assertThat(method.path("ApiKeyRequired").asBoolean()).as(route.name()).isTrue();
            });
        }
    }

    static Map<Route, JsonNode> methods(Synthesized app, Plane plane) {
        Map<Route, JsonNode> methods = new EnumMap<>(Route.class);
        for (Map.Entry<Route, Method> entry : app.stack().api().methods().entrySet()) {
            if (entry.getKey().plane() == plane) {
                methods.put(entry.getKey(), app.properties(app.logicalId(entry.getValue())));
            }
        }
        assertThat(methods).isNotEmpty();
        return methods;
    }
}
