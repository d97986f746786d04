package com.execalc.access;

import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StsTenantCredentialsTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/execalc-tenant-access";
    private static final Tables TABLES = new Tables("arn:aws:dynamodb:eu-west-1:123456789012:table/data",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/audit");

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Records each AssumeRole request and answers with numbered credentials that last 15 minutes. */
    private final class RecordingSts implements StsClient {
        final List<AssumeRoleRequest> requests = new ArrayList<>();

        @Override
        public AssumeRoleResponse assumeRole(AssumeRoleRequest request) {
            requests.add(request);
            int n = requests.size();
            return AssumeRoleResponse.builder().credentials(Credentials.builder()
                    .accessKeyId("AKIA" + n).secretAccessKey("secret" + n).sessionToken("token" + n)
                    .expiration(clock.now.plusSeconds(900)).build()).build();
        }

        @Override
        public String serviceName() {
            return "sts";
        }

        @Override
        public void close() {
        }
    }

    private final TestClock clock = new TestClock();
    private final RecordingSts sts = new RecordingSts();
    private final StsTenantCredentials credentials = new StsTenantCredentials(sts, ROLE, clock);

    /** A request in shared mode: the environment may serve any tenant. */
    private ExecutionContext request(String tenant, String requestId) {
        return ExecutionContext.open(new TenantContext(TenantId.of(tenant), "alice", Set.of(TenantRole.ADMIN),
                requestId), null, clock.now);
    }

    /** A request in tenant-isolation mode: Lambda bound the environment to this tenant. */
    private ExecutionContext isolatedRequest(String tenant, String requestId) {
        return ExecutionContext.open(new TenantContext(TenantId.of(tenant), "alice", Set.of(TenantRole.ADMIN),
                requestId), tenant, clock.now);
    }

    private String accessKeyOf(ExecutionContext context) {
        return credentials.forRequest(context, SessionPolicy.forTenant(context.tenantId(), TABLES))
                .resolveCredentials().accessKeyId();
    }

    @Test
    void forRequest_shouldAssumeTheTenantAccessRole_withTheSessionPolicyTagAndName() {
        ExecutionContext context = request("acme", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        SessionPolicy policy = SessionPolicy.forTenant(TenantId.of("acme"), TABLES);

        AwsSessionCredentials issued = (AwsSessionCredentials) credentials.forRequest(context, policy)
                .resolveCredentials();

        assertThat(sts.requests).singleElement().satisfies(assume -> {
            assertThat(assume.roleArn()).isEqualTo(ROLE);
            assertThat(assume.policy()).isEqualTo(policy.toJson());
            assertThat(assume.tags()).containsExactly(Tag.builder().key("tenant_id").value("acme").build());
            assertThat(assume.roleSessionName()).isEqualTo("acme.c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
            assertThat(assume.durationSeconds()).isEqualTo(900);
        });
        assertThat(issued.sessionToken()).isEqualTo("token1");
    }

    @Test
    void forRequest_shouldCallStsLazily_andAtMostOncePerRequest() {
        AwsCredentialsProvider provider = credentials.forRequest(request("acme", "r1"),
                SessionPolicy.forTenant(TenantId.of("acme"), TABLES));

        assertThat(sts.requests).isEmpty();
        provider.resolveCredentials();
        provider.resolveCredentials();
        assertThat(sts.requests).hasSize(1);
    }

    @Test
    void forRequest_shouldNeverShareCredentials_betweenRequestsOrTenants() {
        AwsCredentialsProvider first = credentials.forRequest(request("acme", "r1"),
                SessionPolicy.forTenant(TenantId.of("acme"), TABLES));
        AwsCredentialsProvider second = credentials.forRequest(request("acme", "r2"),
                SessionPolicy.forTenant(TenantId.of("acme"), TABLES));
        AwsCredentialsProvider other = credentials.forRequest(request("globex", "r3"),
                SessionPolicy.forTenant(TenantId.of("globex"), TABLES));

        assertThat(List.of(first.resolveCredentials().accessKeyId(), second.resolveCredentials().accessKeyId(),
                other.resolveCredentials().accessKeyId())).containsExactly("AKIA1", "AKIA2", "AKIA3");
        assertThat(sts.requests.get(2).tags()).containsExactly(Tag.builder().key("tenant_id").value("globex").build());
    }

    @Test
    void sharedMode_shouldAssumeTheRoleForEveryRequest() {
        List<String> keys = List.of(accessKeyOf(request("acme", "r1")), accessKeyOf(request("acme", "r2")));

        assertThat(keys).containsExactly("AKIA1", "AKIA2");
    }

    @Test
    void anIsolatedEnvironment_shouldReuseItsTenantsCredentials_untilShortlyBeforeTheyExpire() {
        // the session lasts 900 s; it is renewed from 120 s before it expires
        String first = accessKeyOf(isolatedRequest("acme", "r1"));
        clock.now = clock.now.plusSeconds(779);
        String oneSecondBeforeTheMargin = accessKeyOf(isolatedRequest("acme", "r2"));
        clock.now = clock.now.plusSeconds(1);
        String twoMinutesBeforeExpiry = accessKeyOf(isolatedRequest("acme", "r3"));

        assertThat(List.of(first, oneSecondBeforeTheMargin, twoMinutesBeforeExpiry))
                .containsExactly("AKIA1", "AKIA1", "AKIA2");
        assertThat(sts.requests).hasSize(2);
    }

    @Test
    void anIsolatedEnvironment_shouldNeverHandItsCredentialsToAnotherTenant() {
        String acme = accessKeyOf(isolatedRequest("acme", "r1"));
        String globex = accessKeyOf(isolatedRequest("globex", "r2"));
        String acmeAgain = accessKeyOf(isolatedRequest("acme", "r3"));

        assertThat(List.of(acme, globex, acmeAgain)).containsExactly("AKIA1", "AKIA2", "AKIA3");
        assertThat(sts.requests.get(1).tags()).containsExactly(Tag.builder().key("tenant_id").value("globex").build());
    }

    /** A function serving every tenant that keeps sessions per tenant: the authorizer, for its audited denials. */
    private final StsTenantCredentials perTenant = new StsTenantCredentials(sts, ROLE, clock,
            StsTenantCredentials.Reuse.PER_TENANT);

    private String perTenantKeyOf(ExecutionContext context) {
        return perTenant.forRequest(context, SessionPolicy.forTenant(context.tenantId(), TABLES))
                .resolveCredentials().accessKeyId();
    }

    /**
     * Fails at 3d7d7cc (issue 12, item 10): the authorizer runs in shared environments, so every audited denial assumed
     * the audit role anew, one AssumeRole per refused request.
     */
    @Test
    void perTenantReuse_shouldReuseATenantsSession_acrossRequestsOfASharedEnvironment_untilShortlyBeforeItExpires() {
        String first = perTenantKeyOf(request("acme", "r1"));
        String second = perTenantKeyOf(request("acme", "r2"));
        clock.now = clock.now.plusSeconds(780);
        String twoMinutesBeforeExpiry = perTenantKeyOf(request("acme", "r3"));

        assertThat(List.of(first, second, twoMinutesBeforeExpiry)).containsExactly("AKIA1", "AKIA1", "AKIA2");
        assertThat(sts.requests).hasSize(2);
    }

    @Test
    void perTenantReuse_shouldHandEachTenantOnlyItsOwnSession() {
        String acme = perTenantKeyOf(request("acme", "r1"));
        String globex = perTenantKeyOf(request("globex", "r2"));
        String acmeAgain = perTenantKeyOf(request("acme", "r3"));
        String globexAgain = perTenantKeyOf(request("globex", "r4"));

        assertThat(List.of(acme, globex, acmeAgain, globexAgain)).containsExactly("AKIA1", "AKIA2", "AKIA1", "AKIA2");
        assertThat(sts.requests).extracting(assume -> assume.tags().get(0).value()).containsExactly("acme", "globex");
    }

    @Test
    void perTenantReuse_shouldNeverHandASessionToARequestWithAnotherSessionPolicy() {
        ExecutionContext context = request("acme", "r1");
        Tables otherTables = new Tables("arn:aws:dynamodb:eu-west-1:123456789012:table/data2",
                "arn:aws:dynamodb:eu-west-1:123456789012:table/audit2");
        String first = perTenant.forRequest(context, SessionPolicy.forTenant(context.tenantId(), TABLES))
                .resolveCredentials().accessKeyId();
        String other = perTenant.forRequest(request("acme", "r2"), SessionPolicy.forTenant(TenantId.of("acme"),
                otherTables)).resolveCredentials().accessKeyId();

        assertThat(List.of(first, other)).containsExactly("AKIA1", "AKIA2");
    }

    @Test
    void perTenantReuse_shouldKeepABoundedNumberOfTenants_droppingTheLeastRecentlyUsed() {
        perTenantKeyOf(request("tenant-first", "r0"));
        for (int tenant = 1; tenant <= StsTenantCredentials.MAX_KEPT_TENANTS; tenant++) {
            perTenantKeyOf(request("tenant-" + tenant, "r" + tenant));
        }
        int assumed = sts.requests.size();

        perTenantKeyOf(request("tenant-" + StsTenantCredentials.MAX_KEPT_TENANTS, "again"));
        perTenantKeyOf(request("tenant-first", "again"));

        assertThat(assumed).isEqualTo(StsTenantCredentials.MAX_KEPT_TENANTS + 1);
        assertThat(sts.requests).as("the most recent tenant kept, the first one dropped")
                .hasSize(StsTenantCredentials.MAX_KEPT_TENANTS + 2);
    }

    /**
     * The STS cost of 1,000 requests of 20 tenants over ten minutes: in tenant-isolation mode each tenant's environment
     * assumes the role once; in shared mode every request does.
     */
    @Test
    void assumeRoleCallsPerThousandRequests_shouldBeOnePerEnvironmentIsolated_andOnePerRequestShared() {
        List<StsTenantCredentials> environments = new ArrayList<>();
        for (int tenant = 0; tenant < 20; tenant++) {
            environments.add(new StsTenantCredentials(sts, ROLE, clock));
        }
        for (int request = 0; request < 1000; request++) {
            clock.now = clock.now.plusMillis(600);
            int tenant = request % 20;
            ExecutionContext context = isolatedRequest("tenant-" + tenant, "r" + request);
            environments.get(tenant).forRequest(context, SessionPolicy.forTenant(context.tenantId(), TABLES))
                    .resolveCredentials();
        }
        int isolated = sts.requests.size();
        sts.requests.clear();
        for (int request = 0; request < 1000; request++) {
            accessKeyOf(request("tenant-" + request % 20, "r" + request));
        }

        assertThat(isolated).isEqualTo(20);
        assertThat(sts.requests).hasSize(1000);
    }

    @Test
    void sessionName_shouldStayWithinStsCharactersAndLength() {
        String name = StsTenantCredentials.sessionName("a".repeat(63), "req/with spaces&symbols" + "x".repeat(80));

        assertThat(name).hasSizeLessThanOrEqualTo(64).matches("[\\w+=,.@-]+")
                .startsWith("a".repeat(32) + ".reqwithspacessymbols");
    }
}
