package com.execalc.infra;

import com.execalc.ingress.GatewayResponse;
import com.execalc.ingress.Plane;
import com.execalc.ingress.Route;
import com.execalc.wiring.Setting;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CfnMethod;
import software.amazon.awscdk.services.apigateway.CfnUsagePlan;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.IdentitySource;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.JsonSchemaVersion;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LambdaIntegrationOptions;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.ModelOptions;
import software.amazon.awscdk.services.apigateway.Period;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.RequestAuthorizer;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public REST API (REST, not HTTP API: only REST can set the {@code X-Amz-Tenant-Id} header that routes a request
 * to its tenant's isolated execution environment).
 *
 * <ul>
 *   <li>Every resource and method comes from {@link Route}: tenant routes integrate with the tenant API, control
 *       routes with the control plane, all as Lambda proxy integrations behind the REQUEST authorizer, keyed on the
 *       {@code Authorization} header.</li>
 *   <li>Tenant routes map {@code X-Amz-Tenant-Id} from {@code context.authorizer.tenantId} (in isolated mode) and
 *       require an API key, which the authorizer supplies ({@code apiKeySourceType AUTHORIZER}): the tenant's key in
 *       the usage plan of its {@link Tier}, which is what throttles each tenant on its own.</li>
 *   <li>Gateway responses carry the project's JSON error shape, with the statuses and codes of {@link GatewayResponse};
 *       access logs are JSON lines without paths, bodies or tokens.</li>
 * </ul>
 */
public final class ExecalcApi extends Construct {

    /** The deployment stage. */
    public static final String STAGE = "prod";

    /**
     * The stage's default throttle applies to each method separately, one bucket per method shared by every caller of
     * it (tenants of every tier, operators, requests without a token), above every tenant's own plan. Its rate is the
     * account's throttle divided by the number of methods, so that all methods at their limit together stay within
     * the account's: no method's traffic (one tier's tenants on one route, a flood on one route) can take the other
     * methods' share, and the control plane, which suspends an abusive tenant, always keeps its own. Within one
     * method, nothing stops its callers from filling its bucket: API Gateway has no limit per usage plan as a whole,
     * only per key (docs/DEPLOY.md has the numbers).
     *
     * @return requests per second per method
     * @throws IllegalArgumentException when that would not let one tenant of every tier use its whole plan on a route
     */
    public static int methodRateLimit(int accountRateLimit) {
        int perMethod = accountRateLimit / Route.values().length;
        int largestTier = Arrays.stream(Tier.values()).mapToInt(Tier::rateLimit).max().orElseThrow();
        if (perMethod < largestTier) {
            throw new IllegalArgumentException("Context accountRateLimit " + accountRateLimit + " leaves " + perMethod
                    + " requests/s to each of the " + Route.values().length + " methods, less than one tenant of the "
                    + "largest tier may send (" + largestTier + ")");
        }
        return perMethod;
    }

    /** The burst of each method's bucket: twice its rate (the stage's ratio before), so at least any tier's burst. */
    public static int methodBurstLimit(int accountRateLimit) {
        return 2 * methodRateLimit(accountRateLimit);
    }

    /** How long access logs are kept. */
    public static final RetentionDays ACCESS_LOG_RETENTION = RetentionDays.ONE_YEAR;

    /** The integration request header that selects the tenant's isolated execution environment. */
    public static final String TENANT_ID_HEADER = "integration.request.header.X-Amz-Tenant-Id";

    /** Where the tenant id comes from: the authorizer's context, never the client. */
    public static final String TENANT_ID_SOURCE = "context.authorizer.tenantId";

    /** The response header every answer carries, the gateway's own included (openapi.yaml). */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /**
     * What the gateway's own answers put in {@value #REQUEST_ID_HEADER}: the request id, which is also what the
     * functions put there (the proxy event's {@code requestContext.requestId}) and what the access logs record.
     */
    public static final String REQUEST_ID_SOURCE = "context.requestId";

    /**
     * The per-tenant throttling tiers: each tenant's API key sits in the usage plan of its tier.
     *
     * @param rateLimit     steady requests per second for one tenant
     * @param burstLimit    the token bucket's size for one tenant
     * @param monthlyQuota  requests per calendar month for one tenant
     */
    public enum Tier {
        STANDARD(25, 50, 1_000_000),
        PREMIUM(250, 500, 20_000_000);

        private final int rateLimit;
        private final int burstLimit;
        private final int monthlyQuota;

        Tier(int rateLimit, int burstLimit, int monthlyQuota) {
            this.rateLimit = rateLimit;
            this.burstLimit = burstLimit;
            this.monthlyQuota = monthlyQuota;
        }

        /** {@code standard} or {@code premium}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The control plane's environment variable that holds this tier's usage plan id. */
        public String environmentVariable() {
            return Setting.usagePlanOf(com.execalc.controlplane.Tier.valueOf(name())).variable();
        }

        public int rateLimit() {
            return rateLimit;
        }

        public int burstLimit() {
            return burstLimit;
        }

        public int monthlyQuota() {
            return monthlyQuota;
        }
    }

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^/}]+)}");

    private final RestApi api;
    private final RequestAuthorizer authorizer;
    private final LogGroup accessLogs;
    private final Map<Tier, UsagePlan> usagePlans = new EnumMap<>(Tier.class);
    private final Map<Route, Method> methods = new EnumMap<>(Route.class);

    public ExecalcApi(Construct scope, String id, DeploymentSettings settings, ExecalcFunctions functions) {
        super(scope, id);
        accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(ACCESS_LOG_RETENTION)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        api = RestApi.Builder.create(this, "Api")
                .restApiName(Aws.STACK_NAME + "-api")
                .description("Execalc Cloud: tenant data plane and control plane")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .apiKeySourceType(ApiKeySourceType.AUTHORIZER)
                // access logs need API Gateway's account-wide CloudWatch role; keep it if this stack goes
                .cloudWatchRole(true)
                .cloudWatchRoleRemovalPolicy(RemovalPolicy.RETAIN)
                .deployOptions(StageOptions.builder()
                        .stageName(STAGE)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.custom(accessLogFormat()))
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .dataTraceEnabled(false) // it would log request bodies and headers, tokens included
                        .metricsEnabled(true)
                        .throttlingRateLimit(methodRateLimit(settings.accountRateLimit()))
                        .throttlingBurstLimit(methodBurstLimit(settings.accountRateLimit()))
                        .build())
                .build();

        authorizer = RequestAuthorizer.Builder.create(this, "TenantAuthorizer")
                .authorizerName("tenant-authorizer")
                .handler(functions.authorizerTarget())
                .identitySources(List.of(IdentitySource.header("Authorization")))
                .resultsCacheTtl(settings.authorizerCacheTtl())
                .build();

        RequestValidator validator = api.addRequestValidator("RequestValidator", RequestValidatorOptions.builder()
                .requestValidatorName("parameters-and-json-object-bodies")
                .validateRequestParameters(true)
                .validateRequestBody(true)
                .build());
        // only the shape "a JSON object" where the contract requires a body: every finer rule is the handlers'
        Model jsonObject = api.addModel("JsonObject", ModelOptions.builder()
                .contentType("application/json")
                .modelName("JsonObject")
                .description("Any JSON object")
                .schema(JsonSchema.builder().schema(JsonSchemaVersion.DRAFT4).title("JsonObject")
                        .type(JsonSchemaType.OBJECT).build())
                .build());
        Set<Route> withBody = ApiContract.routesWithRequiredJsonObjectBody(settings.openApi());

        boolean isolated = settings.tenancyMode() == DeploymentSettings.TenancyMode.ISOLATED;
        LambdaIntegration tenantIntegration = new LambdaIntegration(functions.tenantApiTarget(),
                LambdaIntegrationOptions.builder()
                        .proxy(true)
                        .allowTestInvoke(false)
                        .requestParameters(isolated ? Map.of(TENANT_ID_HEADER, TENANT_ID_SOURCE) : Map.of())
                        .build());
        LambdaIntegration controlIntegration = new LambdaIntegration(functions.controlPlaneTarget(),
                LambdaIntegrationOptions.builder().proxy(true).allowTestInvoke(false).build());

        for (Route route : Route.values()) {
            boolean tenantRoute = route.plane() == Plane.TENANT;
            IResource resource = api.getRoot().resourceForPath(route.resourcePath());
            Method method = resource.addMethod(route.method(), tenantRoute ? tenantIntegration : controlIntegration,
                    MethodOptions.builder()
                            .operationName(route.name())
                            .authorizationType(AuthorizationType.CUSTOM)
                            .authorizer(authorizer)
                            .apiKeyRequired(tenantRoute)
                            .requestValidator(validator)
                            .requestParameters(requestParameters(route))
                            .requestModels(withBody.contains(route)
                                    ? Map.of("application/json", jsonObject) : Map.of())
                            .build());
            if (!tenantRoute) {
                integrateByName((CfnMethod) method.getNode().getDefaultChild());
            }
            methods.put(route, method);
        }

        for (Tier tier : Tier.values()) {
            UsagePlan plan = api.addUsagePlan("UsagePlan" + capitalized(tier), UsagePlanProps.builder()
                    .name(Aws.STACK_NAME + "-" + tier.wireName())
                    .description("Execalc tier " + tier.wireName() + ": each tenant's own API key is throttled to "
                            + tier.rateLimit() + " rps, burst " + tier.burstLimit() + ", " + tier.monthlyQuota()
                            + " requests a month")
                    .throttle(ThrottleSettings.builder().rateLimit(tier.rateLimit()).burstLimit(tier.burstLimit())
                            .build())
                    .quota(QuotaSettings.builder().limit(tier.monthlyQuota()).period(Period.MONTH).build())
                    .apiStages(List.of(UsagePlanPerApiStage.builder().api(api).stage(api.getDeploymentStage())
                            .build()))
                    .build());
            ((CfnUsagePlan) plan.getNode().getDefaultChild()).overrideLogicalId("UsagePlan" + capitalized(tier));
            usagePlans.put(tier, plan);
        }

        addGatewayResponses();
    }

    /**
     * Points a control-plane method at the control plane's {@value ExecalcFunctions#LIVE_ALIAS} alias by its name
     * rather than by reference. The control plane's environment names the usage plans, the usage plans name the stage,
     * and the stage's deployment needs every method: with a reference that would be a dependency cycle.
     */
    private static void integrateByName(CfnMethod method) {
        method.addPropertyOverride("Integration.Uri", Fn.join("", List.of(
                "arn:", Aws.PARTITION, ":apigateway:", Aws.REGION, ":lambda:path/2015-03-31/functions/arn:",
                Aws.PARTITION, ":lambda:", Aws.REGION, ":", Aws.ACCOUNT_ID, ":function:",
                ExecalcFunctions.controlPlaneFunctionName(), ":", ExecalcFunctions.LIVE_ALIAS, "/invocations")));
    }

    private static Map<String, Boolean> requestParameters(Route route) {
        Map<String, Boolean> parameters = new LinkedHashMap<>();
        parameters.put("method.request.header.Authorization", true);
        Matcher matcher = PATH_PARAMETER.matcher(route.resourcePath());
        while (matcher.find()) {
            parameters.put("method.request.path." + matcher.group(1), true);
        }
        return parameters;
    }

    /** One JSON object per request: who (tenant, principal), what (method, resource template), how it went. */
    static String accessLogFormat() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("requestId", "$context.requestId");
        fields.put("extendedRequestId", "$context.extendedRequestId");
        fields.put("requestTime", "$context.requestTimeEpoch");
        fields.put("httpMethod", "$context.httpMethod");
        fields.put("resourcePath", "$context.resourcePath");
        fields.put("status", "$context.status");
        fields.put("responseLength", "$context.responseLength");
        fields.put("latencyMs", "$context.responseLatency");
        fields.put("integrationLatencyMs", "$context.integrationLatency");
        fields.put("tenantId", "$context.authorizer.tenantId");
        fields.put("principalId", "$context.authorizer.principalId");
        fields.put("authorizerStatus", "$context.authorizer.status");
        fields.put("authorizerLatencyMs", "$context.authorizer.latency");
        fields.put("apiKeyId", "$context.identity.apiKeyId");
        fields.put("sourceIp", "$context.identity.sourceIp");
        fields.put("errorType", "$context.error.responseType");
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
                .append('"').append(name).append("\":\"").append(value).append('"'));
        return json.append('}').toString();
    }

    /**
     * The gateway's own answers, in the functions' error shape {@code {"error":{"code","message","requestId"}}}, one
     * per {@link GatewayResponse}, which the local gateway answers with too, each with the {@value #REQUEST_ID_HEADER}
     * header that the functions put on theirs. The messages are fixed: nothing from the request is echoed.
     */
    private void addGatewayResponses() {
        for (GatewayResponse answer : GatewayResponse.values()) {
            String messageJson = answer.message() == null ? "$context.error.messageString"
                    : "\"" + answer.message() + "\"";
            GatewayResponseOptions.Builder options = GatewayResponseOptions.builder()
                    .type(ResponseType.of(answer.name()))
                    .responseHeaders(Map.of(REQUEST_ID_HEADER, REQUEST_ID_SOURCE))
                    .templates(Map.of("application/json", errorBody(answer.code(), messageJson)));
            if (answer.status() != null) {
                options.statusCode(answer.status().toString());
            }
            api.addGatewayResponse(answer.constructId(), options.build());
        }
    }

    /** The error shape, as a gateway response template. */
    static String errorBody(String code, String messageJson) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":" + messageJson
                + ",\"requestId\":\"$context.requestId\"}}";
    }

    private static String capitalized(Tier tier) {
        String name = tier.wireName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    public RestApi api() {
        return api;
    }

    public RequestAuthorizer authorizer() {
        return authorizer;
    }

    public LogGroup accessLogs() {
        return accessLogs;
    }

    public UsagePlan usagePlan(Tier tier) {
        return usagePlans.get(tier);
    }

    /** The API Gateway method of each route. */
    public Map<Route, Method> methods() {
        return Map.copyOf(methods);
    }
}
