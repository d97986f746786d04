package com.execalc.api;

import com.execalc.tenancy.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading input never fails with anything but {@link InvalidInputException}: a 400, never a 500. */
class LambdaJsonTest {

    private final LambdaJson json = new LambdaJson();

    /** Numbers whose exponent or scale is beyond the int range: Jackson throws NumberFormatException for each. */
    @ParameterizedTest
    @ValueSource(strings = {"1e2147483648", "-1e2147483648", "1E+2147483648", "1e-2147483649", "1e-2147483648",
            "1e99999999999", "0.5e-2147483648", "-0.0e-2147483649"})
    void parseObject_shouldRefuseANumberItCannotRepresent_asInvalidInput(String number) {
        assertThatThrownBy(() -> json.parseObject("{\"x\":" + number + "}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> json.parseObject("{\"n\":{\"v\":[1," + number + "]}}"))
                .as("nested in an array").isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "01", "0x10", "1e", "--1"})
    void parseObject_shouldRefuseNonStandardNumbers_asInvalidInput(String number) {
        assertThatThrownBy(() -> json.parseObject("{\"x\":" + number + "}"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void parseObject_shouldRefuseANumberOfMoreThanAThousandDigits_asInvalidInput() {
        assertThatThrownBy(() -> json.parseObject("{\"x\":1" + "0".repeat(1000) + "}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("exceeds a limit");
    }

    @Test
    void parseObject_shouldKeepALargeExponentItCanRepresent() {
        assertThat(json.parseObject("{\"x\":1.5e2147483647}").get("x").decimalValue().scale())
                .isEqualTo(-2147483646);
    }

    @Test
    void readEvent_shouldRefuseAnEventWithANumberItCannotRepresent_asInvalidInput() {
        byte[] event = "{\"body\":null,\"x\":1e2147483648}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> json.readEvent(new ByteArrayInputStream(event)))
                .isInstanceOf(InvalidInputException.class);
    }
}
