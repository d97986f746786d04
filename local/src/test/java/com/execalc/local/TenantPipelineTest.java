package com.execalc.local;

import com.execalc.access.TenantAccess;
import com.execalc.api.ApiErrors;
import com.execalc.audit.EventIds;
import com.execalc.audit.IngressDenialAudit;
import com.execalc.governance.Action;
import com.execalc.governance.GlobalInvariants;
import com.execalc.governance.GovernanceDeniedException;
import com.execalc.governance.GovernanceEngine;
import com.execalc.governance.Permit;
import com.execalc.governance.PolicyModel;
import com.execalc.governance.PolicyStore;
import com.execalc.governance.RequestFacts;
import com.execalc.ingress.ForeignTenantGuard;
import com.execalc.observability.RequestOutcome;
import com.execalc.pipeline.Answer;
import com.execalc.pipeline.Plan;
import com.execalc.pipeline.TenantPipeline;
import com.execalc.pipeline.TenantRequest;
import com.execalc.pipeline.TenantRoute;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantMismatchException;
import com.execalc.tenancy.TenantRole;
import com.execalc.wiring.AwsClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request pipeline's stages, with routes of its own against the local stack's dynalite: what a route's capability
 * can only see after governance decided, and the one audit event every request leaves, whatever stage ended it.
 */
@ExtendWith(LocalCloudExtension.class)
class TenantPipelineTest {

    /** A client that sent nothing beside its token, or the headers given. */
    private record Client(List<Map.Entry<String, String>> headers) implements ForeignTenantGuard.ClientValues {
        @Override
        public Iterable<Map.Entry<String, String>> headerValues() {
            return headers;
        }

        @Override
        public Iterable<Map.Entry<String, String>> queryValues() {
            return List.of();
        }

        @Override
        public Iterable<Map.Entry<String, String>> bodyFields(Predicate<String> named) {
            return List.of();
        }
    }

    private record Answered(int status, Permit permit) implements Answer {
    }

    private final LocalCloud stack;
    private final TenantPipeline pipeline;
    /** What reached each stage of the test routes, in order. */
    private final List<String> reached = new ArrayList<>();

    TenantPipelineTest(LocalCloud stack) {
        this.stack = stack;
        TenantAccess access = AwsClients.of(stack.functionConfiguration()).tenantAccess();
        PolicyModel model = new PolicyModel();
        Clock clock = Clock.systemUTC();
        this.pipeline = new TenantPipeline(access, GlobalInvariants.v1(), model, new PolicyStore(model, clock),
                new GovernanceEngine(), new EventIds(), clock, event -> { },
                new IngressDenialAudit(access, new EventIds(), clock, Duration.ofDays(365), event -> { },
                        (requestId, code, failure) -> { }), ApiErrors::status);
    }

    private TenantRoute<Client, Answered> route(Action action, RequestFacts facts) {
        return TenantRoute.of(action, (client, request) -> {
            reached.add("plan");
            return Plan.of(facts, permit -> {
                reached.add("capability");
                return new Answered(200, permit);
            });
        });
    }

    private Answered serve(TenantRoute<Client, Answered> route, TenantContext caller, Client client) {
        return pipeline.serve(route, client, caller.toAuthorizerContext(), caller.requestId(), null,
                new RequestOutcome());
    }

    private static TenantContext caller(String tenant, TenantRole role) {
        return new TenantContext(TenantId.of(tenant), "alice", Set.of(role), "req-" + UUID.randomUUID(),
                AuditShards.one());
    }

    private List<Map<String, AttributeValue>> events(String tenant) {
        return AuditItems.events(stack.adminDynamoDb(), stack.tables().audit(), tenant);
    }

    @Test
    void anAllowedRequest_shouldGiveItsCapabilityAPermitForItsActionAndRequest_andLeaveOneAllowEvent() {
        String tenant = ApiClient.uniqueTenant("pipe");
        TenantContext viewer = caller(tenant, TenantRole.VIEWER);

        Answered answered = serve(route(Action.RECORD_GET, RequestFacts.none()), viewer, new Client(List.of()));

        assertThat(reached).containsExactly("plan", "capability");
        assertThat(answered.permit().action()).isEqualTo("record.get");
        assertThat(answered.permit().requestId()).isEqualTo(viewer.requestId());
        assertThat(events(tenant)).singleElement().satisfies(event -> {
            assertThat(event.get("decision").s()).isEqualTo("ALLOW");
            assertThat(event.get("reason").s()).isEqualTo("ROLE_ALLOWS_ACTION");
            assertThat(event.get("outcome").n()).isEqualTo("200");
            assertThat(event.get("action").s()).isEqualTo("record.get");
        });
    }

    @Test
    void aDeniedRequest_shouldNeverReachItsCapability_andLeaveOneDenyEvent() {
        String tenant = ApiClient.uniqueTenant("pipe");

        assertThatThrownBy(() -> serve(route(Action.RECORD_PUT, RequestFacts.none()),
                caller(tenant, TenantRole.VIEWER), new Client(List.of())))
                .isInstanceOf(GovernanceDeniedException.class);

        assertThat(reached).containsExactly("plan");
        assertThat(events(tenant)).singleElement().satisfies(event -> {
            assertThat(event.get("decision").s()).isEqualTo("DENY");
            assertThat(event.get("reason").s()).isEqualTo("ROLE_DENIES_ACTION");
            assertThat(event.get("outcome").n()).isEqualTo("403");
        });
    }

    @Test
    void theFactsOfThePlan_shouldBeWhatGovernanceDecidesOn() {
        String tenant = ApiClient.uniqueTenant("pipe");
        RequestFacts tooLarge = RequestFacts.none().withPayload(GlobalInvariants.v1().settings().maxRecordBytes() + 1);

        assertThatThrownBy(() -> serve(route(Action.RECORD_PUT, tooLarge), caller(tenant, TenantRole.OPERATOR),
                new Client(List.of()))).isInstanceOf(GovernanceDeniedException.class);

        assertThat(reached).containsExactly("plan");
        assertThat(events(tenant)).singleElement().satisfies(event -> {
            assertThat(event.get("reason").s()).isEqualTo("RECORD_TOO_LARGE");
            assertThat(event.get("outcome").n()).isEqualTo("413");
        });
    }

    @Test
    void aPlanThatRefusesItsInput_shouldEndTheRequestUndecided_withItsCodeAsTheReason() {
        String tenant = ApiClient.uniqueTenant("pipe");
        TenantRoute<Client, Answered> refusing = TenantRoute.of(Action.RECORD_GET, (client, request) -> {
            reached.add("plan");
            throw new InvalidInputException("The record id is invalid.");
        });

        assertThatThrownBy(() -> serve(refusing, caller(tenant, TenantRole.ADMIN), new Client(List.of())))
                .isInstanceOf(InvalidInputException.class);

        assertThat(reached).containsExactly("plan");
        assertThat(events(tenant)).singleElement().satisfies(event -> {
            assertThat(event.get("decision").s()).isEqualTo("DENY");
            assertThat(event.get("reason").s()).isEqualTo("INVALID_REQUEST");
            assertThat(event.get("outcome").n()).isEqualTo("400");
        });
    }

    @Test
    void aClientValueNamingAnotherTenant_shouldBeRefusedBeforeTheRouteIsPlanned() {
        String tenant = ApiClient.uniqueTenant("pipe");
        Client naming = new Client(List.of(Map.entry("X-Tenant-Id", "globex")));

        assertThatThrownBy(() -> serve(route(Action.RECORD_GET, RequestFacts.none()), caller(tenant, TenantRole.ADMIN),
                naming)).isInstanceOf(TenantMismatchException.class);

        assertThat(reached).isEmpty();
        assertThat(events(tenant)).singleElement().satisfies(event -> {
            assertThat(event.get("decision").s()).isEqualTo("DENY");
            assertThat(event.get("reason").s()).isEqualTo("TENANT_MISMATCH");
            assertThat(event.get("outcome").n()).isEqualTo("403");
        });
    }

    @Test
    void thePlan_shouldSeeTheTenantsPolicy_readOnceAtTheStart() {
        String tenant = ApiClient.uniqueTenant("pipe");
        List<TenantRequest> planned = new ArrayList<>();
        TenantRoute<Client, Answered> observing = TenantRoute.of(Action.POLICY_GET, (client, request) -> {
            planned.add(request);
            return Plan.of(RequestFacts.none(), permit -> new Answered(200, permit));
        });

        serve(observing, caller(tenant, TenantRole.VIEWER), new Client(List.of()));

        assertThat(planned).singleElement().satisfies(request -> {
            assertThat(request.storedPolicy().version()).as("no policy set yet").isZero();
            assertThat(request.effective()).isEqualTo(GlobalInvariants.v1().settings());
            assertThat(request.tenant().tenantId().value()).isEqualTo(tenant);
        });
    }
}
