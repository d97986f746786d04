package com.execalc.infra;

import com.execalc.ingress.TokenSettings;
import com.execalc.wiring.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the pre-token-generation trigger adds, run by node on Cognito's V2_0 event shape: the tenant attribute as a
 * claim of the access token, nothing for a user without one, and nothing else.
 */
class PreTokenGenerationTriggerTest {

    private final ObjectMapper json = new ObjectMapper();

    private static String event(String attributes) {
        return """
                {"version":"2","triggerSource":"TokenGeneration_Authentication","region":"eu-west-1",
                 "userPoolId":"eu-west-1_Ex4mpLe01","userName":"alice","callerContext":{"awsSdkVersion":"x",
                 "clientId":"client"},"request":{"userAttributes":%s,"groupConfiguration":{"groupsToOverride":
                 ["admin"],"iamRolesToOverride":[],"preferredRole":null},"scopes":["aws.cognito.signin.user.admin"]},
                 "response":{"claimsAndScopeOverrideDetails":null}}""".formatted(attributes);
    }

    private JsonNode run(String event) throws IOException, InterruptedException {
        Path script = Files.createTempFile("pre-token-generation", ".js");
        try {
            Files.writeString(script, Identity.triggerSource());
            ProcessBuilder builder = new ProcessBuilder("node", "-e",
                    "let s='';process.stdin.on('data',d=>s+=d).on('end',async()=>"
                            + "process.stdout.write(JSON.stringify(await require(process.argv[1]).handler(JSON.parse(s)))))",
                    script.toString());
            // as the CDK app sets it on the function
            builder.environment().put(Setting.TENANT_CLAIM.variable(), TokenSettings.DEFAULT_TENANT_CLAIM);
            Process node = builder.start();
            try (OutputStream stdin = node.getOutputStream()) {
                stdin.write(event.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = node.getInputStream().readAllBytes();
            String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(node.exitValue()).as(err).isZero();
            return json.readTree(out);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    @Test
    void handler_shouldAddTheTenantAttributeToTheAccessToken_only() throws Exception {
        JsonNode result = run(event("{\"sub\":\"4f1b\",\"email\":\"alice@example.com\",\"custom:tenant_id\":\"acme\"}"));

        JsonNode details = result.at("/response/claimsAndScopeOverrideDetails");
        assertThat(details.at("/accessTokenGeneration/claimsToAddOrOverride").toString())
                .isEqualTo("{\"custom:tenant_id\":\"acme\"}");
        assertThat(details.has("idTokenGeneration")).isFalse();
        assertThat(details.at("/accessTokenGeneration").size()).isEqualTo(1);
    }

    @Test
    void handler_shouldAddNothing_forAUserWithoutATenant_aPlatformOperator() throws Exception {
        JsonNode result = run(event("{\"sub\":\"4f1b\",\"email\":\"ops@example.com\"}"));

        assertThat(result.at("/response/claimsAndScopeOverrideDetails").isNull()).isTrue();
        assertThat(result.at("/request/userAttributes/email").asText()).isEqualTo("ops@example.com");
    }
}
