package com.execalc.access;

import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantId;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tenant credentials from STS: AssumeRole on the tenant-access role with the request's session policy, the session
 * tag {@value #TENANT_TAG} (which the role's own policy and trust policy match with {@code ${aws:PrincipalTag/...}})
 * and a session name that names tenant and request, so CloudTrail shows who acted for whom.
 *
 * <p>Which requests share a session is a {@link Reuse}. By default ({@link Reuse#ISOLATED_ENVIRONMENT}), when Lambda
 * bound the execution environment to the request's tenant (tenant-isolation mode), the credentials are kept in the
 * environment and reused by that tenant's next requests until {@value #REFRESH_MARGIN_SECONDS} seconds before they
 * expire: the environment can never serve another tenant. Otherwise (shared mode) every request assumes the role anew
 * and nothing is kept. With {@link Reuse#PER_TENANT} (a role without data access, assumed by a shared function) each
 * tenant's session is kept for that tenant's next requests under the same rules: handed only to the same tenant, with
 * the same session policy, renewed before it expires; at most {@value #MAX_KEPT_TENANTS} tenants are kept.
 */
public final class StsTenantCredentials implements TenantCredentials {

    /** The session tag that carries the tenant id. */
    public static final String TENANT_TAG = "tenant_id";

    private static final Duration SESSION_DURATION = Duration.ofMinutes(15);
    /** What STS does not accept in a role session name. */
    private static final Pattern NOT_IN_SESSION_NAMES = Pattern.compile("[^\\w+=,.@-]");
    private static final long REFRESH_MARGIN_SECONDS = 120;
    private static final int MAX_SESSION_NAME = 64;
    /** The most tenants whose sessions {@link Reuse#PER_TENANT} keeps; the least recently used goes first. */
    static final int MAX_KEPT_TENANTS = 1000;

    /** Which requests may share one session of the tenant role. */
    public enum Reuse {
        /** Only the requests of an execution environment Lambda isolated for their tenant: the tenant API's rule. */
        ISOLATED_ENVIRONMENT,
        /**
         * Every request of the same tenant, whatever the environment: for a role without data access (the audit role)
         * that a function serving every tenant assumes again and again, such as the authorizer for its denials.
         */
        PER_TENANT
    }

    private final StsClient sts;
    private final String tenantAccessRoleArn;
    private final Clock clock;
    private final Reuse reuse;
    private final EnvironmentCache kept = new EnvironmentCache();
    private final TenantSessions perTenant = new TenantSessions();

    /** Credentials kept only in an environment isolated for their tenant ({@link Reuse#ISOLATED_ENVIRONMENT}). */
    public StsTenantCredentials(StsClient sts, String tenantAccessRoleArn, Clock clock) {
        this(sts, tenantAccessRoleArn, clock, Reuse.ISOLATED_ENVIRONMENT);
    }

    public StsTenantCredentials(StsClient sts, String tenantAccessRoleArn, Clock clock, Reuse reuse) {
        this.sts = sts;
        this.tenantAccessRoleArn = tenantAccessRoleArn;
        this.clock = clock;
        this.reuse = reuse;
    }

    /** Which requests share a session. */
    public Reuse reuse() {
        return reuse;
    }

    @Override
    public AwsCredentialsProvider forRequest(ExecutionContext context, SessionPolicy policy) {
        TenantId tenant = context.tenantId();
        String sessionName = sessionName(tenant.value(), context.requestId());
        boolean perTenantReuse = reuse == Reuse.PER_TENANT;
        boolean reusable = perTenantReuse || context.isolatedEnvironment();
        return new AwsCredentialsProvider() {
            private AwsCredentials credentials;

            @Override
            public synchronized AwsCredentials resolveCredentials() {
                String sessionPolicy = policy.toJson();
                if (credentials == null && reusable) {
                    credentials = perTenantReuse ? perTenant.get(tenant, sessionPolicy, clock.instant())
                            : kept.get(tenant, clock.instant());
                }
                if (credentials == null) {
                    Issued issued = assume(sts, tenantAccessRoleArn, tenant, sessionName, sessionPolicy);
                    credentials = issued.credentials();
                    if (perTenantReuse) {
                        perTenant.put(tenant, sessionPolicy, issued);
                    } else if (reusable) {
                        kept.put(tenant, issued);
                    }
                }
                return credentials;
            }
        };
    }

    /**
     * One session of a tenant role: tagged with the tenant (the role's trust requires it), narrowed by
     * {@code sessionPolicy}, for 15 minutes. Every tenant-scoped role of the platform is assumed this way.
     */
    public static Issued assume(StsClient sts, String roleArn, TenantId tenant, String sessionName,
                                String sessionPolicy) {
        AssumeRoleResponse response = sts.assumeRole(assume -> assume
                .roleArn(roleArn)
                .roleSessionName(sessionName)
                .policy(sessionPolicy)
                .tags(Tag.builder().key(TENANT_TAG).value(tenant.value()).build())
                .durationSeconds((int) SESSION_DURATION.toSeconds()));
        Credentials issued = response.credentials();
        return new Issued(AwsSessionCredentials.create(issued.accessKeyId(), issued.secretAccessKey(),
                issued.sessionToken()), issued.expiration());
    }

    /** Credentials and when they expire. */
    public record Issued(AwsCredentials credentials, Instant expiration) {
    }

    /**
     * The credentials an isolated environment keeps for its one tenant. It holds one tenant at most, and hands them
     * only to that tenant: should another tenant ever appear, the kept credentials are dropped, not shared.
     */
    private static final class EnvironmentCache {
        private TenantId tenant;
        private Issued issued;

        synchronized AwsCredentials get(TenantId requester, Instant now) {
            if (tenant == null || !tenant.equals(requester)) {
                tenant = null;
                issued = null;
                return null;
            }
            return issued.expiration().minusSeconds(REFRESH_MARGIN_SECONDS).isAfter(now) ? issued.credentials() : null;
        }

        synchronized void put(TenantId owner, Issued fresh) {
            tenant = owner;
            issued = fresh;
        }
    }

    /**
     * The sessions kept per tenant ({@link Reuse#PER_TENANT}): each handed only to its own tenant and only for the
     * session policy it was issued with, until it is about to expire; the least recently used tenant goes first.
     */
    private static final class TenantSessions {
        private record Kept(String sessionPolicy, Issued issued) {
        }

        private final Map<TenantId, Kept> sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TenantId, Kept> eldest) {
                return size() > MAX_KEPT_TENANTS;
            }
        };

        synchronized AwsCredentials get(TenantId tenant, String sessionPolicy, Instant now) {
            Kept kept = sessions.get(tenant);
            if (kept == null || !kept.sessionPolicy().equals(sessionPolicy)
                    || !kept.issued().expiration().minusSeconds(REFRESH_MARGIN_SECONDS).isAfter(now)) {
                return null;
            }
            return kept.issued().credentials();
        }

        synchronized void put(TenantId tenant, String sessionPolicy, Issued issued) {
            sessions.put(tenant, new Kept(sessionPolicy, issued));
        }
    }

    /**
     * {@code <tenant>.<request id>} in STS's character set and length; a tenant id over 32 characters is shortened
     * here (the session tag carries it whole) so that the request id always shows.
     */
    public static String sessionName(String tenant, String requestId) {
        String request = NOT_IN_SESSION_NAMES.matcher(requestId).replaceAll("");
        String name = (tenant.length() > 32 ? tenant.substring(0, 32) : tenant) + "." + request;
        return name.length() <= MAX_SESSION_NAME ? name : name.substring(0, MAX_SESSION_NAME);
    }
}
