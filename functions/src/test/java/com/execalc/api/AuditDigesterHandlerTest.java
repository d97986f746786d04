package com.execalc.api;

import com.execalc.wiring.Configuration;
import com.execalc.wiring.Setting;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the digester's settings choose its signer and archive; its runs are tested against dynalite (local/). */
class AuditDigesterHandlerTest {

    private static Map<String, String> deployed() {
        Map<String, String> env = new HashMap<>();
        env.put(Setting.AWS_REGION.variable(), "eu-west-1");
        env.put(Setting.REGISTRY_TABLE.variable(), "registry");
        env.put(Setting.DATA_TABLE_ARN.variable(), "arn:aws:dynamodb:eu-west-1:123456789012:table/data");
        env.put(Setting.AUDIT_TABLE_ARN.variable(), "arn:aws:dynamodb:eu-west-1:123456789012:table/audit");
        env.put(Setting.TENANT_ACCESS_ROLE_ARN.variable(), "arn:aws:iam::123456789012:role/audit");
        env.put(Setting.AUDIT_DIGEST_KEY_ID.variable(), "arn:aws:kms:eu-west-1:123456789012:key/k");
        env.put(Setting.AUDIT_DIGEST_BUCKET.variable(), "digests");
        return env;
    }

    @Test
    void aDeployedDigesterWithoutItsKmsKey_shouldFailInitialisation_namingTheVariable() {
        Map<String, String> env = deployed();
        env.remove(Setting.AUDIT_DIGEST_KEY_ID.variable());

        assertThatThrownBy(() -> new AuditDigesterHandler(Configuration.of(env)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Setting.AUDIT_DIGEST_KEY_ID.variable());
    }

    @Test
    void aDeployedDigesterWithoutItsBucket_shouldFailInitialisation_namingTheVariable() {
        Map<String, String> env = deployed();
        env.remove(Setting.AUDIT_DIGEST_BUCKET.variable());

        assertThatThrownBy(() -> new AuditDigesterHandler(Configuration.of(env)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Setting.AUDIT_DIGEST_BUCKET.variable());
    }

    @Test
    void aDeployedDigesterGivenALocalFolder_shouldFailInitialisation_insteadOfSigningWithAFileKey() {
        Map<String, String> env = deployed();
        env.remove(Setting.AUDIT_DIGEST_KEY_ID.variable());
        env.put(Setting.AUDIT_DIGEST_FOLDER.variable(), "/tmp/digests");

        assertThatThrownBy(() -> new AuditDigesterHandler(Configuration.of(env)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Setting.AUDIT_DIGEST_FOLDER.variable() + " is only allowed in LOCAL mode");
    }
}
