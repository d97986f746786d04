package com.execalc.access;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConditionTest {

    @Test
    void orWrittenBy_shouldAcceptTheItemThisRequestWrote_besidesTheOriginalCondition() {
        Condition retryable = Condition.of("#version = :version", Map.of("#version", "version"),
                Map.of(":version", AttributeValue.fromN("3"))).orWrittenBy("auditEventId", "01EVENT");

        assertThat(retryable.expression()).isEqualTo("(#version = :version) OR #writtenBy = :writtenBy");
        assertThat(retryable.names()).containsEntry("#version", "version").containsEntry("#writtenBy", "auditEventId");
        assertThat(retryable.values()).containsEntry(":version", AttributeValue.fromN("3"))
                .containsEntry(":writtenBy", AttributeValue.fromS("01EVENT"));
    }

    @Test
    void orWrittenBy_shouldRefuseAnUnconditionalWrite() {
        assertThatThrownBy(() -> Condition.none().orWrittenBy("auditEventId", "01EVENT"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void orWrittenBy_shouldRefuseToNameTheWriterTwice() {
        Condition once = Condition.itemAbsent().orWrittenBy("auditEventId", "01EVENT");

        assertThatThrownBy(() -> once.orWrittenBy("requestId", "req-1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theKeyPlaceholders_shouldStayReservedForTheTenantKeys() {
        assertThatThrownBy(() -> Condition.of("#pk = :k_pk", Map.of("#pk", "pk"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
