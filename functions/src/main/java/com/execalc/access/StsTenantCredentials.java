package com.execalc.access;

import com.execalc.tenancy.ExecutionContext;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

import java.time.Duration;

/**
 * Tenant credentials from STS: AssumeRole on the tenant-access role with the request's session policy, the session
 * tag {@value #TENANT_TAG} (which the role's own policy and trust policy match with {@code ${aws:PrincipalTag/...}})
 * and a session name that names tenant and request, so CloudTrail shows who acted for whom.
 */
public final class StsTenantCredentials implements TenantCredentials {

    /** The session tag that carries the tenant id. */
    public static final String TENANT_TAG = "tenant_id";

    private static final Duration SESSION_DURATION = Duration.ofMinutes(15);
    private static final int MAX_SESSION_NAME = 64;

    private final StsClient sts;
    private final String tenantAccessRoleArn;

    public StsTenantCredentials(StsClient sts, String tenantAccessRoleArn) {
        this.sts = sts;
        this.tenantAccessRoleArn = tenantAccessRoleArn;
    }

    @Override
    public AwsCredentialsProvider forRequest(ExecutionContext context, SessionPolicy policy) {
        String tenant = context.tenantId().value();
        String sessionName = sessionName(tenant, context.requestId());
        return new AwsCredentialsProvider() {
            private AwsCredentials credentials;

            @Override
            public synchronized AwsCredentials resolveCredentials() {
                if (credentials == null) {
                    AssumeRoleResponse response = sts.assumeRole(assume -> assume
                            .roleArn(tenantAccessRoleArn)
                            .roleSessionName(sessionName)
                            .policy(policy.toJson())
                            .tags(Tag.builder().key(TENANT_TAG).value(tenant).build())
                            .durationSeconds((int) SESSION_DURATION.toSeconds()));
                    Credentials issued = response.credentials();
                    credentials = AwsSessionCredentials.create(issued.accessKeyId(), issued.secretAccessKey(),
                            issued.sessionToken());
                }
                return credentials;
            }
        };
    }

    /**
     * {@code <tenant>.<request id>} in STS's character set and length; a tenant id over 32 characters is shortened
     * here (the session tag carries it whole) so that the request id always shows.
     */
    public static String sessionName(String tenant, String requestId) {
        String request = requestId.replaceAll("[^\\w+=,.@-]", "");
        String name = (tenant.length() > 32 ? tenant.substring(0, 32) : tenant) + "." + request;
        return name.length() <= MAX_SESSION_NAME ? name : name.substring(0, MAX_SESSION_NAME);
    }
}
