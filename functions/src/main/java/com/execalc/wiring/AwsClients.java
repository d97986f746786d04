package com.execalc.wiring;

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
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The AWS clients of one function, built once, at initialisation, over one HTTP client: the light URL-connection
 * client, an explicit region, the function's own credentials (dummy ones in the local stack, which checks none), and
 * for every client, STS, CloudWatch Logs, KMS and S3 included, the same bounded retries and timeouts. A function builds one
 * {@code AwsClients} and takes each client it needs from it.
 */
public final class AwsClients {

    /** Per attempt: a call that takes longer is abandoned and retried. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    /** Per call, retries included: then the request fails (503) instead of hanging until Lambda's timeout. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(6);

    private final Configuration config;
    private final SdkHttpClient http;

    private AwsClients(Configuration config, SdkHttpClient http) {
        this.config = config;
        this.http = http;
    }

    /** The clients of a function, over its one HTTP client. */
    public static AwsClients of(Configuration config) {
        return new AwsClients(config, UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build());
    }

    /** The clients of a function over the given HTTP client: benchmarks that answer DynamoDB from memory. */
    public static AwsClients of(Configuration config, SdkHttpClient http) {
        return new AwsClients(config, http);
    }

    public Configuration configuration() {
        return config;
    }

    /** The HTTP client every SDK client of the function shares. */
    public SdkHttpClient httpClient() {
        return http;
    }

    /**
     * Bounded, jittered retries for throttling and transient faults: the standard strategy, three attempts at most
     * (the DynamoDB client's legacy default would make up to nine), and timeouts per attempt and per call.
     */
    static ClientOverrideConfiguration.Builder bounded(ClientOverrideConfiguration.Builder override) {
        return override.retryStrategy(RetryMode.STANDARD)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .apiCallTimeout(CALL_TIMEOUT);
    }

    /** A DynamoDB client acting with the function's own role: for platform tables such as the tenant registry. */
    public DynamoDbClient platformDynamoDb() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder();
        config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return build(builder, override -> { });
    }

    /**
     * The DynamoDB client of tenant requests: every call must carry a request scope, and the {@link TenantKeyGuard}
     * refuses any that would leave the request's tenant. Requests sign with their own tenant credentials; the
     * function's credentials here have no data access.
     */
    public DynamoDbClient tenantDynamoDb() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder();
        config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return build(builder, override -> override.addExecutionInterceptor(new TenantKeyGuard()));
    }

    /**
     * How the function reaches its tenants' tables: the guarded client, and STS tenant credentials (dummy ones in the
     * local stack, where the guard enforces the same session policy). Fails at start-up when the tables' ARNs would
     * make some tenant's session policy too long for STS.
     */
    public TenantAccess tenantAccess() {
        return tenantAccess(StsTenantCredentials.Reuse.ISOLATED_ENVIRONMENT);
    }

    /**
     * As {@link #tenantAccess}, for a function that only ever audits inside its tenants and serves them all (the
     * authorizer, with the audit role): each tenant's session is kept for that tenant's next requests, so that
     * repeated denials of a tenant's members do not each cost an AssumeRole.
     */
    public TenantAccess tenantAuditAccess() {
        return tenantAccess(StsTenantCredentials.Reuse.PER_TENANT);
    }

    /**
     * The control plane's data access for purges: exactly the tenant API's (the guarded client, the same session
     * policy per tenant), with sessions of the purge role ({@code PURGE_ROLE_ARN}), assumed anew for each purge round.
     */
    public TenantAccess tenantPurgeAccess() {
        return tenantAccess(StsTenantCredentials.Reuse.ISOLATED_ENVIRONMENT, () -> config.purgeRoleArn());
    }

    private TenantAccess tenantAccess(StsTenantCredentials.Reuse reuse) {
        return tenantAccess(reuse, config::tenantAccessRoleArn);
    }

    private TenantAccess tenantAccess(StsTenantCredentials.Reuse reuse, java.util.function.Supplier<String> role) {
        SessionPolicy.requireFits(config.tables());
        TenantCredentials credentials = config.mode() == Configuration.Mode.LOCAL
                ? new LocalTenantCredentials()
                : new StsTenantCredentials(sts(), role.get(), Clock.systemUTC(), reuse);
        return new TenantAccess(tenantDynamoDb(), config.tables(), credentials);
    }

    /** A Lambda client acting with the function's own role (the control plane's continuation of a purge). */
    public LambdaClient lambda() {
        return build(LambdaClient.builder(), override -> { });
    }

    /** A CloudWatch Logs client acting with the function's own role (the control plane's log group creation). */
    public CloudWatchLogsClient logs() {
        return build(CloudWatchLogsClient.builder(), override -> { });
    }

    /** An API Gateway client acting with the function's own role (the control plane's usage keys). */
    public ApiGatewayClient apiGateway() {
        return build(ApiGatewayClient.builder(), override -> { });
    }

    /** A KMS client acting with the function's own role (the digester's signing key). */
    public KmsClient kms() {
        return build(KmsClient.builder(), override -> { });
    }

    /** An S3 client acting with the function's own role (the digester's locked archive). */
    public S3Client s3() {
        return build(S3Client.builder(), override -> { });
    }

    /** The STS client that assumes the tenant roles, with the function's own credentials. */
    public StsClient sts() {
        return build(StsClient.builder(), override -> { });
    }

    /** Any client of the function: its one HTTP client, its region and credentials, bounded retries and timeouts. */
    private <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(
            B builder, Consumer<ClientOverrideConfiguration.Builder> more) {
        return builder.httpClient(http)
                .region(Region.of(config.region()))
                .credentialsProvider(functionCredentials())
                .overrideConfiguration(override -> more.accept(bounded(override)))
                .build();
    }

    /**
     * The function's own credentials, or dummy ones in the local stack. The default chain, not the environment alone:
     * functions restored from a SnapStart snapshot get theirs from the container endpoint instead.
     */
    AwsCredentialsProvider functionCredentials() {
        return config.mode() == Configuration.Mode.LOCAL
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
    }
}
