package com.execalc.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

import java.util.Map;

class ExecalcStackTest {

    @Test
    void theTenantRegistry_shouldBeKeyedByTenantId_withRecoveryAndRetention() {
        Template template = Template.fromStack(new ExecalcStack(new App(), "Test"));

        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", java.util.List.of(Map.of("AttributeName", "tenantId", "KeyType", "HASH")),
                "BillingMode", "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "DeletionProtectionEnabled", true));
        template.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain"));
    }
}
