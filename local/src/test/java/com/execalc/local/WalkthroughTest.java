package com.execalc.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The walkthrough that ./execalc up prints is pasted into bash, as a person would, and must work end to end. */
@ExtendWith(LocalCloudExtension.class)
class WalkthroughTest {

    @Test
    void thePrintedCurlLines_shouldWork_whenPastedIntoAShell(LocalCloud stack) throws Exception {
        assumeTrue(commandExists("curl"), "curl is not installed");
        String tenant = ApiClient.uniqueTenant("acme");
        String script = Walkthrough.text(stack.baseUri(), Duration.ofMillis(1), stack.tenantLogs().folder())
                .replace("acme", tenant);

        Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(output)
                .contains("\"tenantId\":\"" + tenant + "\",\"displayName\":\"Acme Corp\",\"status\":\"ACTIVE\"")
                .contains("\"tenantId\":\"" + tenant + "\",\"subject\":\"alice\",\"roles\":[\"admin\"]")
                .contains("\"code\":\"TENANT_MISMATCH\"")
                .contains("\"status\":\"SUSPENDED\"")
                .contains("\"code\":\"FORBIDDEN\"");
    }

    private static boolean commandExists(String command) throws IOException, InterruptedException {
        return new ProcessBuilder("bash", "-c", "command -v " + command).start().waitFor() == 0;
    }
}
