package com.execalc.ingress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MethodArnTest {

    @Test
    void parse_shouldKeepTheApiAndStage() {
        MethodArn arn = MethodArn.parse("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/tenants/acme");

        assertThat(arn.resourceOf(Route.GET_TENANT))
                .isEqualTo("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/tenants/*");
        assertThat(arn.everyRoute()).isEqualTo("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*/*");
    }

    @Test
    void parse_shouldReject_whatIsNotAMethodArn() {
        assertThatThrownBy(() -> MethodArn.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MethodArn.parse("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MethodArn.parse("arn:aws:execute-api:r:1:api/*/GET/me"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
