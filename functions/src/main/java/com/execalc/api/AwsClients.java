package com.execalc.api;

import com.execalc.access.LocalTenantCredentials;
import com.execalc.access.SessionPolicy;
import com.execalc.access.StsTenantCredentials;
import com.execalc.access.TenantAccess;
import com.execalc.access.TenantCredentials;
import com.execalc.access.TenantKeyGuard;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;

import java.time.Clock;
import java.time.Duration;

/**
 * Builds the AWS clients of a function once, at initialisation: the light URL-connection HTTP client, an explicit
 * region, and the function's own credentials (dummy ones in the local stack, which checks none).
 */
public final class AwsClients {

    private AwsClients() {
    }

    /** The HTTP client every SDK client of a function shares. */
    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Per attempt: a DynamoDB call that takes longer is abandoned and retried. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    /** Per call, retries included: then the request fails (503) instead of hanging until Lambda's timeout. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(6);

    /**
     * Bounded, jittered retries for throttling and transient faults: the standard strategy, three attempts at most
     * (the DynamoDB client's legacy default would make up to nine), and timeouts per attempt and per call.
     */
    private static ClientOverrideConfiguration.Builder bounded(ClientOverrideConfiguration.Builder override) {
        return override.retryStrategy(RetryMode.STANDARD)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .apiCallTimeout(CALL_TIMEOUT);
    }

    /** A DynamoDB client acting with the function's own role: for platform tables such as the tenant registry. */
    public static DynamoDbClient platformDynamoDb(Configuration config, SdkHttpClient http) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(http)
                .region(Region.of(config.region()))
                .credentialsProvider(functionCredentials(config))
                .overrideConfiguration(override -> bounded(override));
        config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * The DynamoDB client of tenant requests: every call must carry a request scope, and the {@link TenantKeyGuard}
     * refuses any that would leave the request's tenant. Requests sign with their own tenant credentials; the
     * function's credentials here have no data access.
     */
    public static DynamoDbClient tenantDynamoDb(Configuration config, SdkHttpClient http) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(http)
                .region(Region.of(config.region()))
                .credentialsProvider(functionCredentials(config))
                .overrideConfiguration(override -> bounded(override).addExecutionInterceptor(new TenantKeyGuard()));
        config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * How the function reaches its tenants' tables: the guarded client, and STS tenant credentials (dummy ones in the
     * local stack, where the guard enforces the same session policy). Fails at start-up when the tables' ARNs would
     * make some tenant's session policy too long for STS.
     */
    public static TenantAccess tenantAccess(Configuration config, SdkHttpClient http) {
        return tenantAccess(config, http, StsTenantCredentials.Reuse.ISOLATED_ENVIRONMENT);
    }

    /**
     * As {@link #tenantAccess}, for a function that only ever audits inside its tenants and serves them all (the
     * authorizer, with the audit role): each tenant's session is kept for that tenant's next requests, so that
     * repeated denials of a tenant's members do not each cost an AssumeRole.
     */
    public static TenantAccess tenantAuditAccess(Configuration config, SdkHttpClient http) {
        return tenantAccess(config, http, StsTenantCredentials.Reuse.PER_TENANT);
    }

    private static TenantAccess tenantAccess(Configuration config, SdkHttpClient http,
                                             StsTenantCredentials.Reuse reuse) {
        SessionPolicy.requireFits(config.tables());
        TenantCredentials credentials = config.mode() == Configuration.Mode.LOCAL
                ? new LocalTenantCredentials()
                : new StsTenantCredentials(sts(config, http), config.tenantAccessRoleArn(), Clock.systemUTC(), reuse);
        return new TenantAccess(tenantDynamoDb(config, http), config.tables(), credentials);
    }

    /** A CloudWatch Logs client acting with the function's own role (the control plane's log group creation). */
    public static CloudWatchLogsClient logs(Configuration config, SdkHttpClient http) {
        return CloudWatchLogsClient.builder()
                .httpClient(http)
                .region(Region.of(config.region()))
                .credentialsProvider(functionCredentials(config))
                .build();
    }

    /** An API Gateway client acting with the function's own role (the control plane's usage keys). */
    public static ApiGatewayClient apiGateway(Configuration config, SdkHttpClient http) {
        return ApiGatewayClient.builder()
                .httpClient(http)
                .region(Region.of(config.region()))
                .credentialsProvider(functionCredentials(config))
                .build();
    }

    /** The STS client that assumes the tenant-access role, with the function's own credentials. */
    public static StsClient sts(Configuration config, SdkHttpClient http) {
        return StsClient.builder()
                .httpClient(http)
                .region(Region.of(config.region()))
                .credentialsProvider(functionCredentials(config))
                .build();
    }

    /**
     * The function's own credentials, or dummy ones in the local stack. The default chain, not the environment alone:
     * functions restored from a SnapStart snapshot get theirs from the container endpoint instead.
     */
    public static AwsCredentialsProvider functionCredentials(Configuration config) {
        return config.mode() == Configuration.Mode.LOCAL
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
    }
}
