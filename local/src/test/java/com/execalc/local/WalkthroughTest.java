package com.execalc.local;

import com.execalc.client.ApiException;
import com.execalc.client.api.AuditApi;
import com.execalc.client.api.SessionApi;
import com.execalc.client.api.TenantsApi;
import com.execalc.client.model.AuditPage;
import com.execalc.client.model.MemberForbiddenError;
import com.execalc.client.model.MemberForbiddenErrorError;
import com.execalc.client.model.Role;
import com.execalc.client.model.Session;
import com.execalc.client.model.Tenant;
import com.execalc.client.model.TenantChange;
import com.execalc.client.model.TenantRegistration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The walkthrough that ./execalc up prints is pasted into bash, as a person would, and must work end to end. */
@ExtendWith(LocalCloudExtension.class)
class WalkthroughTest {

    @Test
    void thePrintedCurlLines_shouldWork_whenPastedIntoAShell(LocalCloud stack) throws Exception {
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
    void everyAnswerTheCurlLinesGet_shouldBeAsOpenapiYamlSays(LocalCloud stack, OpenApiContract contract)
            throws Exception {
        try (ContractProxy proxy = new ContractProxy(stack.baseUri(), contract)) {
            runWalkthrough(stack, proxy.baseUri(), ApiClient.uniqueTenant("acme"));

            assertThat(proxy.violations()).isEmpty();
            // register, me, me naming another tenant, suspend, me while suspended (the gateway's refusal), resume, audit
            assertThat(proxy.checked()).isEqualTo(7);
        }
    }

    @Test
    void theWalkthrough_shouldWork_throughTheGeneratedJavaClient(LocalCloud stack, OpenApiContract contract)
            throws Exception {
        ApiClient local = new ApiClient(stack.baseUri());
        String tenant = ApiClient.uniqueTenant("acme");
        try (GeneratedClients clients = new GeneratedClients(stack.baseUri(), contract)) {
            TenantsApi tenants = new TenantsApi(clients.as(local.operatorToken()));
            SessionApi alice = new SessionApi(clients.as(local.token(tenant, "alice", "admin")));

            Tenant registered = tenants.registerTenant(
                    new TenantRegistration().tenantId(tenant).displayName("Acme Corp"));
            Session session = alice.describeSession();
            ApiException mismatch = catchThrowableOfType(ApiException.class,
                    () -> alice.describeSession(Map.of("X-Tenant-Id", "globex")));
            Tenant suspended = tenants.updateTenant(tenant,
                    new TenantChange().status(TenantChange.StatusEnum.SUSPENDED));
            ApiException denied = catchThrowableOfType(ApiException.class, alice::describeSession);
            tenants.updateTenant(tenant, new TenantChange().status(TenantChange.StatusEnum.ACTIVE));
            AuditPage audit = new AuditApi(clients.as(local.token(tenant, "alice", "admin")))
                    .queryAudit(null, null, null, null, null, null, 5, null);

            assertThat(registered.getStatus()).isEqualTo(Tenant.StatusEnum.ACTIVE);
            assertThat(registered.getDisplayName()).isEqualTo("Acme Corp");
            assertThat(session.getTenantId()).isEqualTo(tenant);
            assertThat(session.getSubject()).isEqualTo("alice");
            assertThat(session.getRoles()).containsExactly(Role.ADMIN);
            assertThat(mismatch.getCode()).isEqualTo(403);
            assertThat(GeneratedClients.error(mismatch, MemberForbiddenError.class).getError().getCode())
                    .isEqualTo(MemberForbiddenErrorError.CodeEnum.TENANT_MISMATCH);
            assertThat(suspended.getStatus()).isEqualTo(Tenant.StatusEnum.SUSPENDED);
            assertThat(denied.getCode()).isEqualTo(403);
            assertThat(GeneratedClients.error(denied, MemberForbiddenError.class).getError().getCode())
                    .isEqualTo(MemberForbiddenErrorError.CodeEnum.FORBIDDEN);
            assertThat(audit.getItems()).isNotEmpty()
                    .allSatisfy(event -> assertThat(event.getTenantId()).isEqualTo(tenant));
            assertThat(clients.violations()).isEmpty();
            assertThat(clients.checked()).isEqualTo(7);
        }
    }

    /** The walkthrough's lines for {@code tenant}, run by bash against {@code base}: what they print. */
    private static String runWalkthrough(LocalCloud stack, URI base, String tenant) throws Exception {
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
