package com.execalc.audit;

import com.execalc.access.StsTenantCredentials;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantId;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.sts.StsClient;

import java.util.List;

/**
 * Tenant log writers in CloudWatch Logs: each signs with credentials from STS AssumeRole on the tenant-log-writer
 * role, tagged with the tenant and narrowed by a session policy that allows writing to that tenant's audit log group
 * only.
 */
public final class CloudWatchTenantLogWriters implements TenantLogWriter.Factory {

    private final StsClient sts;
    private final CloudWatchLogsClient logs;
    private final String roleArn;
    private final String prefix;

    public CloudWatchTenantLogWriters(StsClient sts, CloudWatchLogsClient logs, String roleArn, String prefix) {
        this.sts = sts;
        this.logs = logs;
        this.roleArn = roleArn;
        this.prefix = prefix;
    }

    /** The session policy of one tenant's log writer: its own audit log group, nothing else. */
    public static String sessionPolicy(String prefix, TenantId tenant) {
        String group = "arn:aws:logs:*:*:log-group:" + TenantLogGroups.nameOf(prefix, tenant);
        ObjectNode policy = JsonNodeFactory.instance.objectNode().put("Version", "2012-10-17");
        ObjectNode statement = policy.putArray("Statement").addObject().put("Sid", "OwnAuditLogGroupOnly")
                .put("Effect", "Allow");
        statement.putArray("Action").add("logs:CreateLogStream").add("logs:PutLogEvents")
                .add("logs:PutRetentionPolicy");
        statement.putArray("Resource").add(group).add(group + ":*");
        return policy.toString();
    }

    @Override
    public TenantLogWriter forTenant(ExecutionContext context) {
        TenantId tenant = context.tenantId();
        String group = TenantLogGroups.nameOf(prefix, tenant);
        AwsRequestOverrideConfiguration signed = AwsRequestOverrideConfiguration.builder()
                .credentialsProvider(credentialsFor(tenant, context.requestId())).build();
        return new TenantLogWriter() {
            @Override
            public void ensureStream(String stream) {
                try {
                    logs.createLogStream(create -> create.overrideConfiguration(signed).logGroupName(group)
                            .logStreamName(stream));
                } catch (ResourceAlreadyExistsException alreadyThere) {
                    // streams are shared by the shipper's invocations
                }
            }

            @Override
            public void put(String stream, List<LogLine> lines) {
                logs.putLogEvents(put -> put.overrideConfiguration(signed).logGroupName(group).logStreamName(stream)
                        .logEvents(lines.stream().map(line -> InputLogEvent.builder()
                                .timestamp(line.timestampMillis()).message(line.message()).build()).toList()));
            }

            @Override
            public void setRetention(int days) {
                logs.putRetentionPolicy(retention -> retention.overrideConfiguration(signed).logGroupName(group)
                        .retentionInDays(LogRetention.atLeast(days)));
            }
        };
    }

    private AwsCredentialsProvider credentialsFor(TenantId tenant, String requestId) {
        return new AwsCredentialsProvider() {
            private AwsCredentials credentials;

            @Override
            public synchronized AwsCredentials resolveCredentials() {
                if (credentials == null) {
                    credentials = StsTenantCredentials.assume(sts, roleArn, tenant,
                            StsTenantCredentials.sessionName(tenant.value(), requestId),
                            sessionPolicy(prefix, tenant)).credentials();
                }
                return credentials;
            }
        };
    }
}
