package com.execalc.local;

import com.execalc.wiring.Configuration;
import com.execalc.wiring.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /_local/functions}: what a packaged function needs to run against this stack by hand or by a test. */
@ExtendWith(LocalCloudExtension.class)
class LocalFunctionsEndpointTest {

    @Test
    void shouldList_theFiveFunctions_byName_withTheirHandlerClasses(LocalCloud stack) {
        JsonNode functions = new ApiClient(stack.baseUri()).get("/_local/functions", null).json().path("functions");

        List<String> names = new ArrayList<>();
        functions.forEach(function -> names.add(function.path("name").asText() + "=" + function.path("handler").asText()));
        assertThat(names).containsExactly(
                "authorizer=com.execalc.api.AuthorizerHandler",
                "tenant-api=com.execalc.api.TenantApiHandler",
                "control-plane=com.execalc.api.ControlPlaneHandler",
                "audit-shipper=com.execalc.api.AuditShipperHandler",
                "audit-digester=com.execalc.api.AuditDigesterHandler");
    }

    @Test
    void shouldGiveEachFunction_exactlyTheEnvironmentTheStackRunsItWith(LocalCloud stack) {
        JsonNode functions = new ApiClient(stack.baseUri()).get("/_local/functions", null).json().path("functions");

        for (JsonNode function : functions) {
            Map<String, String> served = new TreeMap<>();
            function.path("environment").fields().forEachRemaining(variable ->
                    served.put(variable.getKey(), variable.getValue().asText()));
            assertThat(served).as(function.path("name").asText())
                    .isEqualTo(new TreeMap<>(stack.functions().stream()
                            .filter(f -> f.name().equals(function.path("name").asText())).findFirst().orElseThrow()
                            .environment()))
                    .containsEntry(Setting.EXECALC_MODE.variable(), "LOCAL")
                    .containsEntry(Setting.EXECALC_DYNAMODB_ENDPOINT.variable(), stack.dynalite().endpoint().toString())
                    .containsEntry(Setting.REGISTRY_TABLE.variable(), stack.tables().registry())
                    .containsEntry(Setting.DATA_TABLE_ARN.variable(), stack.tables().tenantTables().dataTableArn())
                    .containsEntry(Setting.AUDIT_TABLE_ARN.variable(), stack.tables().tenantTables().auditTableArn())
                    .containsEntry(Setting.JWT_ISSUER.variable(), stack.issuer().issuer())
                    .containsEntry(Setting.JWKS_URI.variable(), stack.baseUri() + "/_local/.well-known/jwks.json")
                    .containsEntry(Setting.AWS_ENDPOINT_URL.variable(), stack.baseUri() + "/_local/aws");
        }
    }

    /** As Lambda builds a handler: its no-argument constructor reads the environment, here the served one. */
    @Test
    void everyHandler_shouldStart_withTheServedEnvironmentAlone(LocalCloud stack) {
        Map<String, String> failures = new HashMap<>();
        for (LocalFunction function : stack.functions()) {
            try {
                Class.forName(function.handler()).getConstructor(Configuration.class)
                        .newInstance(Configuration.of(function.environment()));
            } catch (ReflectiveOperationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                failures.put(function.name(), cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
        }

        assertThat(failures).isEmpty();
    }

    @Test
    void anotherAwsServicesCall_shouldReachTheGateway_andGetAJson404(LocalCloud stack) {
        ApiClient.Response response = new ApiClient(stack.baseUri()).send("POST", "/_local/aws/", null, "{}",
                Map.of());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
    }
}
