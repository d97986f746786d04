package com.execalc.access;

import com.execalc.tenancy.ExecutionContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Where a request's tenant-scoped DynamoDB credentials come from. */
public interface TenantCredentials {

    /**
     * Credentials for one request of one tenant, narrowed by {@code policy}. They belong to that request: they are
     * fetched at most once, on first use, and never handed to another request or tenant.
     */
    AwsCredentialsProvider forRequest(ExecutionContext context, SessionPolicy policy);
}
