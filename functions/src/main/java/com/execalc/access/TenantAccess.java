package com.execalc.access;

import com.execalc.tenancy.ExecutionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * How a function reaches its tenants' tables: the function's guarded DynamoDB client, the tables, and where tenant
 * credentials come from. Shared by every request of a function instance; holds no tenant's state.
 *
 * @param client      the function's DynamoDB client, carrying a {@link TenantKeyGuard}
 * @param tables      the tenant tables
 * @param credentials where each request's tenant-scoped credentials come from
 */
public record TenantAccess(DynamoDbClient client, Tables tables, TenantCredentials credentials) {

    /** The data access of one request, owned and closed by its execution context. */
    public TenantDynamoDb open(ExecutionContext context) {
        return TenantDynamoDb.open(client, tables, credentials, context);
    }
}
