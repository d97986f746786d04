package com.execalc.bench;

import com.execalc.access.SessionPolicy;
import com.execalc.access.StsTenantCredentials;
import com.execalc.access.Tables;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The STS cost of tenant credentials: the production {@link StsTenantCredentials} against a counting STS stand-in, on
 * a simulated clock, for tenant-isolated execution environments and for shared ones.
 *
 * <p>In tenant-isolation mode each environment serves one tenant and keeps that tenant's credentials until shortly
 * before they expire; in shared mode credentials never outlive their request. Prints AssumeRole calls per 1,000
 * requests for a few traffic shapes. Usage: {@code StsCostSimulation}.
 */
public final class StsCostSimulation {

    private static final String ROLE = "arn:aws:iam::000000000000:role/tenant-access";
    private static final Tables TABLES = new Tables("arn:aws:dynamodb:us-east-1:000000000000:table/execalc-data",
            "arn:aws:dynamodb:us-east-1:000000000000:table/execalc-audit");

    private record Shape(String name, int tenants, int environmentsPerTenant, int requests, Duration period) {
    }

    private StsCostSimulation() {
    }

    public static void main(String[] args) {
        List<Shape> shapes = List.of(
                new Shape("20 tenants, 1 environment each, 1,000 requests in 10 min", 20, 1, 1_000,
                        Duration.ofMinutes(10)),
                new Shape("100 tenants, 3 environments each, 100,000 requests in 1 h", 100, 3, 100_000,
                        Duration.ofHours(1)),
                new Shape("1 big tenant, 50 environments, 1,000,000 requests in 4 h", 1, 50, 1_000_000,
                        Duration.ofHours(4)));
        StringBuilder table = new StringBuilder("| Traffic | Requests | AssumeRole, tenant-isolated | per 1,000"
                + " | AssumeRole, shared | per 1,000 |\n|---|---|---|---|---|---|\n");
        for (Shape shape : shapes) {
            long isolated = simulate(shape, true);
            long shared = simulate(shape, false);
            table.append("| ").append(shape.name()).append(" | ").append(shape.requests())
                    .append(" | ").append(isolated).append(" | ").append(perThousand(isolated, shape.requests()))
                    .append(" | ").append(shared).append(" | ").append(perThousand(shared, shape.requests()))
                    .append(" |\n");
        }
        System.out.println("STS cost simulation: production StsTenantCredentials (the session duration it asks"
                + " STS for, refreshed shortly before expiry), requests spread evenly over the period, each to a random"
                + " environment of a random tenant (seed 8)");
        System.out.println(table);
    }

    private static String perThousand(long calls, int requests) {
        return String.format("%.2f", calls * 1000.0 / requests);
    }

    private static long simulate(Shape shape, boolean isolated) {
        SimulatedClock clock = new SimulatedClock();
        CountingSts sts = new CountingSts(clock);
        // an environment is one function instance: in isolated mode its credentials object is the environment's own
        List<StsTenantCredentials> environments = new ArrayList<>();
        for (int i = 0; i < shape.tenants() * shape.environmentsPerTenant(); i++) {
            environments.add(new StsTenantCredentials(sts, ROLE, clock));
        }
        Random random = new Random(8);
        Duration step = shape.period().dividedBy(shape.requests());
        for (int request = 0; request < shape.requests(); request++) {
            clock.now = clock.now.plus(step);
            int tenant = random.nextInt(shape.tenants());
            int environment = tenant * shape.environmentsPerTenant() + random.nextInt(shape.environmentsPerTenant());
            TenantId id = TenantId.of("tenant-" + tenant);
            ExecutionContext context = ExecutionContext.open(new TenantContext(id, "user", Set.of(TenantRole.ADMIN),
                    "req-" + request), isolated ? id.value() : null, clock.now);
            environments.get(environment).forRequest(context, SessionPolicy.forTenant(id, TABLES))
                    .resolveCredentials();
        }
        return sts.calls;
    }

    private static final class SimulatedClock extends Clock {
        private Instant now = Instant.parse("2026-11-27T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Counts AssumeRole calls and answers with credentials that last as long as the request asks (STS: 1 h). */
    private static final class CountingSts implements StsClient {
        private final SimulatedClock clock;
        private long calls;

        CountingSts(SimulatedClock clock) {
            this.clock = clock;
        }

        @Override
        public AssumeRoleResponse assumeRole(AssumeRoleRequest request) {
            calls++;
            return AssumeRoleResponse.builder().credentials(Credentials.builder()
                    .accessKeyId("ASIA" + calls).secretAccessKey("secret").sessionToken("token")
                    .expiration(clock.now.plusSeconds(request.durationSeconds() == null ? 3600
                            : request.durationSeconds())).build()).build();
        }

        @Override
        public String serviceName() {
            return "sts";
        }

        @Override
        public void close() {
        }
    }
}
