package com.execalc.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Annotations;
import software.constructs.IConstruct;

import java.util.List;

/**
 * Every cdk-nag AwsSolutions finding this app accepts, each with its reason, in one place. Anything not listed here
 * fails synthesis (and {@code ExecalcStackTest}).
 */
final class NagFindings {

    private static final String TENANT_LOG_GROUP = "arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:"
            + TenantIam.TENANT_LOG_GROUP_PREFIX;

    private NagFindings() {
    }

    static void suppress(ExecalcStack stack) {
        stack.identity().userPool().ifPresent(pool -> suppress(pool, "AwsSolutions-COG3",
                "Cognito threat protection (advanced security ENFORCED) needs the Plus feature plan, billed per "
                        + "monthly active user; the pool uses Essentials (what access-token customisation needs) so "
                        + "that identity cost stays lower per tenant. Enable it per deployment when the tenants' risk "
                        + "warrants it (docs/DEPLOY.md)."));

        suppress(stack.api().api(), "AwsSolutions-COG4",
                "Every method uses the REQUEST Lambda authorizer: it verifies the Cognito (or external OIDC) token "
                        + "against the issuer's JWKS, then resolves exactly one active tenant from the registry and "
                        + "returns the tenant context and the tenant's usage key, which a user pool authorizer cannot.");
        suppress(stack.api().api().getNode().findChild("CloudWatchRole"), "AwsSolutions-IAM4",
                "API Gateway's account-wide logging role, which access logs need: "
                        + "AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS documents for it.",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
        suppress(stack.api().api().getDeploymentStage(), "AwsSolutions-APIG3",
                "A WAF web ACL is a per-deployment choice with its own cost; the API already has the token "
                        + "authorizer, per-tenant usage plans and stage throttling. Associate one for internet-facing "
                        + "production (docs/DEPLOY.md).");

        String taggedTenantAuditLog = TENANT_LOG_GROUP + "/<aws:PrincipalTag/tenant_id>/audit:*";
        suppress(stack.tenantIam().tenantLogWriter(), "AwsSolutions-IAM5",
                "Only the log-stream part is open, inside the one audit log group of the tenant the session is "
                        + "tagged with; stream names are chosen when writing.",
                "Resource::" + taggedTenantAuditLog);
        suppress(stack.tenantIam().auditReader(), "AwsSolutions-IAM5",
                "The log-stream part of the tagged tenant's own audit log group; and logs:StopQuery and "
                        + "logs:DescribeQueryDefinitions, which have no IAM resource type (a query id only comes from "
                        + "StartQuery, limited to the tenant's group; saved queries name no log group).",
                "Resource::" + taggedTenantAuditLog, "Resource::*");
        suppress(stack.roles().controlPlane(), "AwsSolutions-IAM5",
                "Onboarding creates, tags and sets the retention of one log group per tenant, named only at "
                        + "run time; the wildcard stays inside the platform's tenant log group prefix.",
                "Resource::" + TENANT_LOG_GROUP + "/*");
        suppress(stack.roles().controlPlane(), "AwsSolutions-IAM5",
                "A tenant's status change enables or disables its API key (apigateway:PATCH), a tier change moves it "
                        + "between the two usage plans and a purge takes it out of its plan and deletes it "
                        + "(apigateway:DELETE); API keys are created per tenant at run time, so their ids are not known "
                        + "at deployment. The wildcards stay inside the API keys and the keys of this app's two usage "
                        + "plans: no other plan, API or stage (TemplateIamSimulationTest).",
                "Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/apikeys/*",
                "Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/usageplans/<UsagePlanStandard>/keys/*",
                "Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/usageplans/<UsagePlanPremium>/keys/*");
        suppress(stack.roles().auditShipper(), "AwsSolutions-IAM5",
                "dynamodb:ListStreams, which the event source mapping needs, has no IAM resource type; the stream "
                        + "reads themselves are limited to the audit table's stream.",
                "Resource::*");

        suppress(stack.roles().auditDigester(), "AwsSolutions-IAM5",
                "The digester archives one object per tenant, shard and period, named only at run time, so its "
                        + "s3:PutObject and s3:GetObject cover the objects of its one locked bucket; it has no delete, "
                        + "retention or legal-hold action, writes with If-None-Match, and the bucket policy denies "
                        + "object writes to every other principal and removals to all (AuditDigestsTest).",
                "Resource::<AuditDigestArchive.Arn>/*");
        suppress(stack.digests().archive(), "AwsSolutions-S1",
                "Every object write to this bucket is the digester's (its policy denies any other principal's), "
                        + "counted in the digester's own logs and metrics, and no object can be removed or unlocked by "
                        + "anyone; access logs would need a second bucket of their own. Record reads and writes with "
                        + "CloudTrail data events on this bucket where a deployment needs them (docs/DEPLOY.md).");
        suppress(stack.functions().cursorSecret(), "AwsSolutions-SMG4",
                "Rotating would invalidate every outstanding pagination cursor, and CloudFormation resolves the value "
                        + "into the functions at deploy time, so a rotated value only arrives with the next "
                        + "deployment: rotate by changing it and redeploying (docs/DEPLOY.md).");
        suppress(stack.audit().shipperFailures(), "AwsSolutions-SQS3",
                "This queue is itself the on-failure destination of the audit stream's event source mapping: it "
                        + "keeps the stream positions of batches to re-ship, and an alarm watches it.");

        for (var function : List.of(stack.functions().authorizer(), stack.functions().controlPlane(),
                stack.functions().tenantApi())) {
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "API Gateway invokes the published version behind the live alias");
        }
    }

    private static void suppress(IConstruct construct, String rule, String reason, String... appliesTo) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            suppression.appliesTo(List.of((Object[]) appliesTo));
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
    }
}
