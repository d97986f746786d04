package com.execalc.tenancy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"acme", "a1b", "0-tenant", "globex-corp-eu-1",
            "abcdefghijklmnopqrstuvwxyz0123456789-abcdefghijklmnopqrstuvwxyz" /* 63 */})
    void of_shouldAccept_whenLowercaseLettersDigitsAndDashes(String value) {
        assertThat(TenantId.of(value).value()).isEqualTo(value);
        assertThat(TenantId.isValid(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ab", "-acme", "Acme", "ac#me", "acme#data", "ac*me", "ac?me", "ac/me", "ac me",
            " acme", "acme\n", "ac\u0000me", "acmé", "аcme" /* Cyrillic a */, "acme_corp", "ac.me", "ac:me", "ac,me",
            "abcdefghijklmnopqrstuvwxyz0123456789-abcdefghijklmnopqrstuvwxyz0" /* 64 */})
    void of_shouldReject_whenCharacterOrLengthIsNotAllowed(String value) {
        assertThatThrownBy(() -> TenantId.of(value))
                .isInstanceOf(InvalidTenantIdException.class)
                .hasMessageContaining("3 to 63 lowercase letters, digits or '-'");
        assertThat(TenantId.isValid(value)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void of_shouldReject_whenNull() {
        assertThatThrownBy(() -> TenantId.of(null))
                .isInstanceOf(InvalidTenantIdException.class)
                .hasMessageContaining("(missing)");
    }

    @org.junit.jupiter.api.Test
    void rejection_shouldNotEchoLongOrUnprintableInput() {
        String hostile = "x".repeat(10_000) + "\u202e";

        assertThatThrownBy(() -> TenantId.of(hostile))
                .hasMessageNotContaining("x".repeat(41))
                .hasMessageNotContaining("\u202e");
        assertThatThrownBy(() -> TenantId.of("a\u202eb"))
                .hasMessageContaining("\\u202e");
    }
}
