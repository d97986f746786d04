package com.execalc.local;

import com.execalc.api.ApiErrors;
import com.execalc.api.LambdaJson;
import com.execalc.ingress.GatewayResponse;
import com.execalc.local.http.HttpResponse;
import com.execalc.local.http.Refusal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The local gateway's own error answers: the functions' error writer, API Gateway's statuses and codes. */
class GatewayErrorsTest {

    private final GatewayErrors errors = new GatewayErrors();

    private static String body(HttpResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void everyGatewayResponseWithAStatus_shouldBeAnswered_exactlyAsTheFunctionsErrorWriterWritesIt() {
        ApiErrors functions = new ApiErrors(new LambdaJson());
        for (GatewayResponse answer : GatewayResponse.values()) {
            if (answer.status() == null) {
                continue;
            }
            HttpResponse response = errors.answer(answer, "req-1");

            assertThat(response.status()).as(answer.name()).isEqualTo(answer.status());
            assertThat(body(response)).as(answer.name()).isEqualTo(functions.toResponse(
                    new ApiErrors.ApiError(answer.status(), answer.code(), answer.message(), null), "req-1").body()
                    .toString());
            assertThat(response.header("X-Request-Id")).isEqualTo("req-1");
            assertThat(response.header("Content-Type")).isEqualTo("application/json");
            assertThat(response.header(GatewayErrors.GATEWAY_RESPONSE_HEADER)).isEqualTo(answer.name());
        }
    }

    @Test
    void aBodyOverTheLimit_shouldBeApiGatewaysRequestTooLarge() {
        HttpResponse response = errors.refusal(Refusal.BODY_TOO_LARGE, "req-2");

        assertThat(response.status()).isEqualTo(413);
        assertThat(body(response)).isEqualTo("{\"error\":{\"code\":\"PAYLOAD_TOO_LARGE\",\"message\":"
                + "\"The request is too large.\",\"requestId\":\"req-2\"}}");
        assertThat(response.header(GatewayErrors.GATEWAY_RESPONSE_HEADER)).isEqualTo("REQUEST_TOO_LARGE");
    }

    @Test
    void everyOtherRefusal_shouldBeTheDefault4xxOr5xx_withTheShellsStatusAndMessage() {
        for (Refusal refusal : Refusal.values()) {
            if (refusal == Refusal.BODY_TOO_LARGE) {
                continue;
            }
            HttpResponse response = errors.refusal(refusal, "req-3");
            GatewayResponse type = refusal.status() >= 500 ? GatewayResponse.DEFAULT_5XX
                    : GatewayResponse.DEFAULT_4XX;

            assertThat(response.status()).as(refusal.name()).isEqualTo(refusal.status());
            assertThat(body(response)).as(refusal.name()).isEqualTo("{\"error\":{\"code\":\"" + type.code()
                    + "\",\"message\":\"" + refusal.message() + "\",\"requestId\":\"req-3\"}}");
            assertThat(response.header(GatewayErrors.GATEWAY_RESPONSE_HEADER)).isEqualTo(type.name());
        }
    }
}
