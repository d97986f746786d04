package com.execalc.packaging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How many packages the packager trains at once. */
class PackagerParallelismTest {

    private static final String PROPERTY = "execalc.package.parallelism";

    @AfterEach
    void clear() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void byDefault_shouldBeOnePerProcessor_atMostOnePerFunction() {
        assertThat(LambdaPackager.parallelism())
                .isEqualTo(Math.min(PackagedFunction.values().length, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void zero_shouldMeanTheDefault_andAnyOtherNumberThatNumber() {
        System.setProperty(PROPERTY, "0");
        int byDefault = LambdaPackager.parallelism();
        System.setProperty(PROPERTY, "3");

        assertThat(byDefault).isBetween(1, 4);
        assertThat(LambdaPackager.parallelism()).isEqualTo(3);
    }

    @Test
    void aNegativeNumber_shouldBeRefused() {
        System.setProperty(PROPERTY, "-1");

        assertThatThrownBy(LambdaPackager::parallelism).isInstanceOf(IllegalArgumentException.class);
    }
}
