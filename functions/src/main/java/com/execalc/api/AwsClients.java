package com.execalc.api;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

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

    /** A DynamoDB client acting with the function's own role: for platform tables such as the tenant registry. */
    public static DynamoDbClient platformDynamoDb(Configuration config, SdkHttpClient http) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(http)
                .region(Region.of(config.region()))
                .credentialsProvider(functionCredentials(config));
        config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The function's own credentials: Lambda's environment credentials, or dummy ones in the local stack. */
    public static AwsCredentialsProvider functionCredentials(Configuration config) {
        return config.mode() == Configuration.Mode.LOCAL
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : EnvironmentVariableCredentialsProvider.create();
    }
}
