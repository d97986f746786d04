package com.execalc.access;

import com.execalc.tenancy.ExecutionContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Where a request's tenant-scoped DynamoDB credentials come from. */
public interface TenantCredentials {

    /**
     * Credentials for one request of one tenant, narrowed by {@code policy}: fetched at most once, on first use, and
     * never handed to another tenant. An implementation may let later requests of the same tenant, with the same
     * policy, use the same session, under rules it states.
     */
    AwsCredentialsProvider forRequest(ExecutionContext context, SessionPolicy policy);
}
