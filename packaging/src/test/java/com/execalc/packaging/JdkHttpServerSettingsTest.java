package com.execalc.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Runtime API stand-in is a {@code com.sun.net.httpserver} server, which reads {@code sun.net.httpserver.nodelay}
 * once, when its first server class loads; every JVM that runs one gets the flag on its command line, where no
 * class-load order can come before it.
 */
class JdkHttpServerSettingsTest {

    @Test
    void theTestJvm_shouldStartWithTcpNoDelay() {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .contains("-Dsun.net.httpserver.nodelay=true");
    }

    @Test
    void thePackagersJvm_andTheLaunchersInvokeAndBenchJvms_shouldStartWithTcpNoDelay() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String pom = Files.readString(root.resolve("packaging/pom.xml"), StandardCharsets.UTF_8);
        String launcher = Files.readString(root.resolve("execalc"), StandardCharsets.UTF_8);

        assertThat(pom).contains("<argument>-Dsun.net.httpserver.nodelay=true</argument>");
        assertThat(launcher).contains("-Dsun.net.httpserver.nodelay=true \\\n"
                + "      -cp \"packaging/target/classes:$(cat \"$cp\")\" com.execalc.packaging.InvokePackage");
        assertThat(launcher).contains("java \"$nodelay\" -cp \"$jar\" com.execalc.bench.PackagedColdStart");
        assertThat(launcher).contains("java \"$nodelay\" -cp \"$jar\" com.execalc.bench.libraries.LibraryCost");
    }
}
