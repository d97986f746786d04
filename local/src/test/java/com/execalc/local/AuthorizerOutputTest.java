package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the local gateway accepts from the authorizer, as API Gateway does: anything else is an authorizer
 * configuration error (the deployed 503), never a decision.
 */
class AuthorizerOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = "\"policyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":"
            + "\"execute-api:Invoke\",\"Effect\":\"Allow\",\"Resource\":[\"arn:aws:execute-api:local:0:a/s/GET/me\"]}]}";

    private static JsonNode output(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void aPrincipalAndAPolicy_withAContextOfScalars_shouldBeADecision() throws Exception {
        assertThat(AuthorizerStage.isDecision(output("{\"principalId\":\"acme:alice\"," + POLICY
                + ",\"context\":{\"tenantId\":\"acme\",\"auditShards\":4,\"flag\":true}}"))).isTrue();
    }

    @Test
    void anOutputWithoutPrincipalOrStatements_shouldNotBeADecision() throws Exception {
        assertThat(AuthorizerStage.isDecision(output("{" + POLICY + "}"))).isFalse();
        assertThat(AuthorizerStage.isDecision(output("{\"principalId\":\"p\",\"policyDocument\":{\"Statement\":[]}}")))
                .isFalse();
        assertThat(AuthorizerStage.isDecision(output("{\"principalId\":\"p\"}"))).isFalse();
        assertThat(AuthorizerStage.isDecision(output("null"))).isFalse();
    }

    @Test
    void aContextHoldingAnObjectOrANull_shouldNotBeADecision() throws Exception {
        assertThat(AuthorizerStage.isDecision(output("{\"principalId\":\"p\"," + POLICY + ",\"context\":{\"a\":{}}}")))
                .isFalse();
        assertThat(AuthorizerStage.isDecision(output("{\"principalId\":\"p\"," + POLICY + ",\"context\":{\"a\":null}}")))
                .isFalse();
        assertThat(AuthorizerStage.isDecision(output("{\"principalId\":\"p\"," + POLICY + ",\"context\":[1]}")))
                .isFalse();
    }
}
