package com.execalc.ingress;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClaimPathTest {

    @Test
    void read_shouldFollowADottedPathIntoNestedObjects() {
        Map<String, Object> claims = Map.of("realm_access", Map.of("roles", List.of("admin")));

        assertThat(new ClaimPath("realm_access.roles").read(claims)).contains(List.of("admin"));
    }

    @Test
    void read_shouldPreferAClaimNamedExactlyAsThePath() {
        Map<String, Object> claims = Map.of("https://execalc.example/tenant", "acme",
                "a.b", "literal", "a", Map.of("b", "nested"));

        assertThat(new ClaimPath("https://execalc.example/tenant").read(claims)).contains("acme");
        assertThat(new ClaimPath("a.b").read(claims)).contains("literal");
    }

    @Test
    void read_shouldFindNothing_whereThePathLeavesTheObjects() {
        Map<String, Object> claims = Map.of("realm_access", List.of("roles"), "a", Map.of("b", "x"));

        assertThat(new ClaimPath("realm_access.roles").read(claims)).isEmpty();
        assertThat(new ClaimPath("a.b.c").read(claims)).isEmpty();
        assertThat(new ClaimPath("a..b").read(claims)).isEmpty();
        assertThat(new ClaimPath("missing").read(claims)).isEmpty();
    }

    @Test
    void claimPath_shouldRefuseABlankPathOrOneWithBlanks() {
        for (String invalid : List.of("", " ", "tenant id")) {
            assertThatThrownBy(() -> new ClaimPath(invalid)).as(invalid).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
