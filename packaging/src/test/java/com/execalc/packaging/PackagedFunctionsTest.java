package com.execalc.packaging;

import com.execalc.packaging.RuntimeApiStandIn.Invocation;
import com.execalc.packaging.RuntimeApiStandIn.Outcome;
import com.execalc.packaging.launcher.AotCheckedMain;
import com.execalc.wiring.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unpacked zips, driven as Lambda drives a custom runtime: {@code bootstrap} with Lambda's reserved variables,
 * the function's environment from the local stack, and a {@link RuntimeApiStandIn} for the Runtime API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackagedFunctionsTest {

    private static final Duration ANSWER = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORD = "{\"customer\":\"c-42\",\"total\":129.9}";

    private TrainingRun world;
    private String token;

    @BeforeAll
    void startTheLocalCloud() {
        world = TrainingRun.start(Packages.root());
        world.seed();
        token = world.token();
        assertThat(world.send("PUT", "/namespaces/orders", token, null).statusCode()).isEqualTo(201);
        assertThat(world.send("PUT", "/namespaces/orders/records/order-1001", token, RECORD).statusCode())
                .isEqualTo(201);
    }

    @AfterAll
    void stopIt() {
        world.close();
    }

    /** One package process, its Runtime API, and what it answered. */
    private final class Run implements AutoCloseable {
        final RuntimeApiStandIn api = RuntimeApiStandIn.start();
        final FunctionProcess process;

        Run(PackagedFunction function, Path taskRoot, Map<String, String> environment, List<String> arguments) {
            process = FunctionProcess.bootstrap(taskRoot, function.handler(), environment, api, arguments,
                    Packages.log(function.functionName()));
        }

        Run(PackagedFunction function) {
            this(function, Packages.taskRoot(function), world.environment(function), List.of());
        }

        Outcome serve(byte[] event, String tenant) throws TimeoutException, InterruptedException {
            Invocation invocation = Invocation.of(event, tenant);
            api.invoke(invocation);
            return api.awaitOutcome(invocation.requestId(), ANSWER);
        }

        @Override
        public void close() {
            process.close();
            api.close();
        }
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Nested
    class TheTenantApi {

        @Test
        void shouldServeAGetRecord_forTheTenantLambdaNames() throws Exception {
            try (Run run = new Run(PackagedFunction.TENANT_API)) {
                Outcome outcome = run.serve(world.event("tenant-api-get-record.json"), TrainingRun.TENANT);

                assertThat(outcome.kind()).as(run.process.output()).isEqualTo("response");
                JsonNode response = json(outcome.body());
                assertThat(response.path("statusCode").asInt()).as(outcome.body()).isEqualTo(200);
                JsonNode record = json(response.path("body").asText());
                assertThat(record.path("id").asText()).isEqualTo("order-1001");
                assertThat(record.path("data").path("customer").asText()).isEqualTo("c-42");
            }
        }

        @Test
        void shouldAnswer500_andTouchNoData_whenLambdasTenantIsNotTheAuthorizers() throws Exception {
            Map<String, AttributeValue> before = onlyItem();
            try (Run run = new Run(PackagedFunction.TENANT_API)) {
                // the sample PUT of acme's order-1001, in an environment Lambda runs for globex
                Outcome outcome = run.serve(world.event("tenant-api-put-record.json"), "globex");

                assertThat(outcome.kind()).as(run.process.output()).isEqualTo("response");
                assertThat(json(outcome.body()).path("statusCode").asInt()).as(outcome.body()).isEqualTo(500);
            }
            assertThat(onlyItem()).as("acme's record, untouched").isEqualTo(before);
        }

        private Map<String, AttributeValue> onlyItem() {
            List<Map<String, AttributeValue>> items = world.stack().adminDynamoDb().query(QueryRequest.builder()
                    .tableName(world.stack().tables().data())
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(TrainingRun.TENANT + "#orders")))
                    .build()).items();
            assertThat(items).hasSize(1);
            return items.get(0);
        }
    }

    @Nested
    class TheAuthorizer {

        @Test
        void shouldAllow_aTokenTheIssuerSigned() throws Exception {
            try (Run run = new Run(PackagedFunction.AUTHORIZER)) {
                Outcome outcome = run.serve(world.authorizerEvent(token), null);

                assertThat(outcome.kind()).as(run.process.output()).isEqualTo("response");
                JsonNode decision = json(outcome.body());
                assertThat(decision.at("/policyDocument/Statement/0/Effect").asText()).isEqualTo("Allow");
                assertThat(decision.at("/context/tenantId").asText()).isEqualTo(TrainingRun.TENANT);
            }
        }

        @Test
        void shouldDeny_aForgedToken_thatClaimsAnotherTenantUnderTheIssuersSignature() throws Exception {
            String[] parts = token.split("\\.");
            Map<String, Object> claims = JSON.readValue(Base64.getUrlDecoder().decode(parts[1]),
                    JSON.getTypeFactory().constructMapType(HashMap.class, String.class, Object.class));
            claims.put("custom:tenant_id", "globex");
            String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(JSON.writeValueAsBytes(claims)) + "." + parts[2];
            try (Run run = new Run(PackagedFunction.AUTHORIZER)) {
                Outcome outcome = run.serve(world.authorizerEvent(forged), null);

                // Lambda answers API Gateway's 401 for the authorizer's "Unauthorized" error
                assertThat(outcome.kind()).as(run.process.output()).isEqualTo("error");
                assertThat(json(outcome.body()).path("errorMessage").asText()).isEqualTo("Unauthorized");
            }
        }
    }

    @Nested
    class TheAuditDigester {

        /** Over periods of one second, so that the seeded tenant has closed periods at once. */
        @Test
        void shouldDigestTheStacksTenants_onItsScheduledEvent_withTheLocalKeyAndFiles() throws Exception {
            Map<String, String> environment = new HashMap<>(world.environment(PackagedFunction.AUDIT_DIGESTER));
            environment.put(Setting.AUDIT_DIGEST_SECONDS.variable(), "1");
            try (Run run = new Run(PackagedFunction.AUDIT_DIGESTER, Packages.taskRoot(PackagedFunction.AUDIT_DIGESTER),
                    environment, List.of())) {
                Outcome outcome = run.serve(world.event("audit-digester-schedule.json"), null);

                assertThat(outcome.kind()).as(run.process.output()).isEqualTo("response");
                JsonNode answer = json(outcome.body());
                assertThat(answer.path("tenants").asInt()).as(outcome.body()).isGreaterThanOrEqualTo(1);
                assertThat(answer.path("digests").asInt()).as(outcome.body()).isPositive();
                assertThat(answer.path("failures")).as(outcome.body()).isEmpty();
            }
            assertThat(Path.of(environment.get(Setting.AUDIT_DIGEST_FOLDER.variable()), "audit-digests",
                    TrainingRun.TENANT, "shard-0")).isDirectoryContaining("glob:**.json");
        }
    }

    @Test
    void invokingAPackageByHand_shouldRunIt_withTheEnvironmentTheRunningStackServes() throws Exception {
        Outcome outcome = InvokePackage.invoke(world.stack().baseUri(), PackagedFunction.TENANT_API,
                world.event("tenant-api-get-me.json"), TrainingRun.TENANT, Packages.zip(PackagedFunction.TENANT_API),
                Packages.log("invoke"));

        assertThat(outcome.kind()).isEqualTo("response");
        JsonNode response = json(outcome.body());
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(json(response.path("body").asText()).path("tenantId").asText()).isEqualTo(TrainingRun.TENANT);
    }

    @Test
    void aHandlerThatCannotInitialise_shouldBeReportedOnInitError() throws Exception {
        Map<String, String> environment = new HashMap<>(world.environment(PackagedFunction.TENANT_API));
        environment.remove(Setting.DATA_TABLE_ARN.variable());
        try (Run run = new Run(PackagedFunction.TENANT_API, Packages.taskRoot(PackagedFunction.TENANT_API),
                environment, List.of())) {
            Outcome initError = run.api.awaitInitError(ANSWER);

            assertThat(initError.body()).as(run.process.output()).contains("DATA_TABLE_ARN is not set");
            assertThat(run.api.nextCalls()).as("no invocation asked for").isZero();
        }
    }

    @Nested
    class TheAotCache {

        @ParameterizedTest
        @EnumSource(PackagedFunction.class)
        void shouldMap_underAotModeOn_andTheHandlerAskForWork(PackagedFunction function) throws Exception {
            try (Run run = new Run(function, Packages.taskRoot(function), world.environment(function),
                    List.of("--aot-require"))) {
                run.api.awaitNextCall(1, ANSWER);

                assertThat(run.process.process().isAlive()).as(run.process.output()).isTrue();
            }
        }

        @ParameterizedTest
        @EnumSource(PackagedFunction.class)
        void shouldBeInUse_asLambdaStartsThePackage_withoutALineAboutIt(PackagedFunction function) throws Exception {
            try (Run run = new Run(function)) {
                run.api.awaitNextCall(1, ANSWER);

                assertThat(run.process.output()).doesNotContain(AotCheckedMain.REJECTED);
            }
        }

        @ParameterizedTest
        @ValueSource(ints = {128, 3008, 10240})
        void shouldMap_atEveryMemorySizeOfAFunction(int memoryMb) throws Exception {
            Map<String, String> environment = new HashMap<>(world.environment(PackagedFunction.TENANT_API));
            environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
            try (Run run = new Run(PackagedFunction.TENANT_API, Packages.taskRoot(PackagedFunction.TENANT_API),
                    environment, List.of("--aot-require"))) {
                Outcome outcome = run.serve(world.event("tenant-api-get-record.json"), TrainingRun.TENANT);

                assertThat(json(outcome.body()).path("statusCode").asInt()).as(run.process.output()).isEqualTo(200);
            }
        }

        @Test
        void aCorruptedCache_shouldBeRejected_withOneLine_andTheFunctionShouldServeWithoutIt() throws Exception {
            Path taskRoot = Packages.copyOf(PackagedFunction.TENANT_API, "corrupted");
            Path cache = taskRoot.resolve("aot/function.aot");
            byte[] bytes = Files.readAllBytes(cache);
            System.arraycopy("not an AOT cache".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 16);
            Files.write(cache, bytes);

            assertServesWithoutTheCache(taskRoot, "bad magic number");
        }

        @Test
        void aCacheOfAnotherJvmBuild_shouldBeRejected_withOneLine_andTheFunctionShouldServeWithoutIt()
                throws Exception {
            Path taskRoot = Packages.copyOf(PackagedFunction.TENANT_API, "other-build");
            Path cache = taskRoot.resolve("aot/function.aot");
            String build = PackageManifest.of(Packages.zip(PackagedFunction.TENANT_API)).jdkBuild();
            byte[] bytes = Files.readAllBytes(cache);
            // the header names the JVM build that wrote the cache: as if the runtime had been updated since
            int at = indexOf(bytes, build.getBytes(StandardCharsets.US_ASCII));
            assertThat(at).as("the JVM build in the cache's header").isBetween(0, 4096);
            bytes[at + build.indexOf('.') + 3] ^= 1;
            Files.write(cache, bytes);

            assertServesWithoutTheCache(taskRoot, "different version or build of HotSpot");
        }

        private void assertServesWithoutTheCache(Path taskRoot, String reason) throws Exception {
            try (Run run = new Run(PackagedFunction.TENANT_API, taskRoot,
                    world.environment(PackagedFunction.TENANT_API), List.of())) {
                Outcome outcome = run.serve(world.event("tenant-api-get-record.json"), TrainingRun.TENANT);

                assertThat(json(outcome.body()).path("statusCode").asInt()).as(run.process.output()).isEqualTo(200);
                List<String> lines = run.process.output().lines()
                        .filter(line -> line.contains("AOT cache") || line.contains("[aot]")).toList();
                assertThat(lines).hasSize(1);
                assertThat(lines.get(0)).startsWith(AotCheckedMain.REJECTED).contains(reason);
            }
        }

        private static int indexOf(byte[] bytes, byte[] part) {
            outer:
            for (int i = 0; i + part.length <= bytes.length; i++) {
                for (int j = 0; j < part.length; j++) {
                    if (bytes[i + j] != part[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
