package com.execalc.access;

import com.execalc.tenancy.ExecutionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The local stack has no STS and dynalite checks no credentials: dummy credentials. The session policy is still
 * generated for every request, and {@link TenantKeyGuard} enforces it in process.
 */
public final class LocalTenantCredentials implements TenantCredentials {

    @Override
    public AwsCredentialsProvider forRequest(ExecutionContext context, SessionPolicy policy) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }
}
