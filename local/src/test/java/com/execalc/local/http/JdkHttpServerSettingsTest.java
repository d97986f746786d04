package com.execalc.local.http;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDK's {@code com.sun.net.httpserver}, which the test servers still use (the fault proxy), reads
 * {@code sun.net.httpserver.nodelay} once, when its first server class loads: so the flag must be on the test JVM's
 * command line, where no class-load order can come before it.
 */
class JdkHttpServerSettingsTest {

    @Test
    void theTestJvm_shouldStartWithTcpNoDelayForEveryJdkHttpServer() {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .contains("-Dsun.net.httpserver.nodelay=true");
    }
}
