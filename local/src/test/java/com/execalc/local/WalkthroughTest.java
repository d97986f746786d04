package com.execalc.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The walkthrough that ./execalc up prints is pasted into bash, as a person would, and must work end to end. */
@ExtendWith(LocalStackExtension.class)
class WalkthroughTest {

    @Test
    void thePrintedCurlLines_shouldWork_whenPastedIntoAShell(LocalStack stack) throws Exception {
        String tenant = ApiClient.uniqueTenant("acme");

        String output = runWalkthrough(stack, stack.baseUri(), tenant);

        assertThat(output)
                .contains("\"tenantId\":\"" + tenant + "\",\"displayName\":\"Acme Corp\",\"status\":\"ACTIVE\"")
                .contains("\"tenantId\":\"" + tenant + "\",\"subject\":\"alice\",\"roles\":[\"admin\"]")
                .contains("\"code\":\"TENANT_MISMATCH\"")
                .contains("\"status\":\"SUSPENDED\"")
                .contains("\"code\":\"FORBIDDEN\"");
    }

    @Test
    void everyAnswerTheCurlLinesGet_shouldBeAsOpenapiYamlSays(LocalStack stack, OpenApiContract contract)
            throws Exception {
        try (ContractProxy proxy = new ContractProxy(stack.baseUri(), contract)) {
            runWalkthrough(stack, proxy.baseUri(), ApiClient.uniqueTenant("acme"));

            assertThat(proxy.violations()).isEmpty();
            // register, me, me naming another tenant, suspend, me while suspended (the gateway's refusal), resume, audit
            assertThat(proxy.checked()).isEqualTo(7);
        }
    }

    /** The walkthrough's lines for {@code tenant}, run by bash against {@code base}: what they print. */
    private static String runWalkthrough(LocalStack stack, URI base, String tenant) throws Exception {
        assumeTrue(commandExists("curl"), "curl is not installed");
        String script = Walkthrough.text(base)
                .replace("acme", tenant);
        Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static boolean commandExists(String command) throws IOException, InterruptedException {
        return new ProcessBuilder("bash", "-c", "command -v " + command).start().waitFor() == 0;
    }
}
