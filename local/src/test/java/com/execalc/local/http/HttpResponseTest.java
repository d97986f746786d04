package com.execalc.local.http;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An answer the shell writes cannot end its header section early, nor carry an interim or made-up status. */
class HttpResponseTest {

    @Test
    void aHeaderValueWithACarriageReturnOrLineFeed_shouldBeRefused() {
        assertThatThrownBy(() -> new HttpResponse(200, Map.of("ETag", "\"1\"\r\nSet-Cookie: x"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ETag");
        assertThatThrownBy(() -> new HttpResponse(200, Map.of("ETag", "a\nb"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHeaderNameThatIsNotAToken_shouldBeRefused() {
        assertThatThrownBy(() -> new HttpResponse(200, Map.of("Bad Name", "v"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpResponse(200, Map.of("", "v"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStatusThatIsNotAFinalOne_shouldBeRefused() {
        assertThatThrownBy(() -> new HttpResponse(100, Map.of(), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpResponse(600, Map.of(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withHeader_shouldReplaceAHeader_whateverTheCaseOfItsName() {
        HttpResponse response = new HttpResponse(200, Map.of("x-request-id", "a"), null).withHeader("X-Request-Id",
                "b");

        assertThat(response.headers()).containsExactly(Map.entry("X-Request-Id", "b"));
        assertThat(response.header("X-REQUEST-ID")).isEqualTo("b");
        assertThat(response.body()).isEmpty();
    }
}
