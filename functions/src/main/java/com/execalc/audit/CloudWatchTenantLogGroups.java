package com.execalc.audit;

import com.execalc.access.StsTenantCredentials;
import com.execalc.tenancy.TenantId;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

import java.util.Map;

/** Tenant audit log groups in CloudWatch Logs, created with the control plane's own role. */
public final class CloudWatchTenantLogGroups implements TenantLogGroups {

    private final CloudWatchLogsClient logs;
    private final String prefix;

    public CloudWatchTenantLogGroups(CloudWatchLogsClient logs, String prefix) {
        this.logs = logs;
        this.prefix = prefix;
    }

    @Override
    public void create(TenantId tenant, int retentionDays) {
        String group = TenantLogGroups.nameOf(prefix, tenant);
        try {
            logs.createLogGroup(create -> create.logGroupName(group)
                    .tags(Map.of(StsTenantCredentials.TENANT_TAG, tenant.value())));
        } catch (ResourceAlreadyExistsException alreadyThere) {
            // onboarding again (after a failed attempt) only has to make sure of the retention
        }
        logs.putRetentionPolicy(retention -> retention.logGroupName(group)
                .retentionInDays(LogRetention.atLeast(retentionDays)));
    }
}
