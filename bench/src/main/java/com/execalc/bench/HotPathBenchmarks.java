package com.execalc.bench;

import com.execalc.access.SessionPolicy;
import com.execalc.access.Tables;
import com.execalc.access.TenantKeyGuard;
import com.execalc.audit.AuditEvent;
import com.execalc.audit.AuditTrail;
import com.execalc.audit.EventIds;
import com.execalc.execution.DecisionModel;
import com.execalc.execution.ExecutionBoundary;
import com.execalc.execution.Ranking;
import com.execalc.governance.Action;
import com.execalc.governance.Decision;
import com.execalc.governance.GlobalInvariants;
import com.execalc.governance.GovernanceEngine;
import com.execalc.governance.PolicyModel;
import com.execalc.governance.PolicySettings;
import com.execalc.governance.RequestFacts;
import com.execalc.governance.RiskLevel;
import com.execalc.governance.TenantPolicy;
import com.execalc.ingress.Principal;
import com.execalc.ingress.TokenSettings;
import com.execalc.ingress.TokenVerifier;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The in-process hot path of a tenant request, step by step: what isolation and governance cost on top of the
 * DynamoDB calls. Run with {@code ./execalc bench jmh}.
 *
 * <p>Every benchmark hands what it computed to JMH (returned or given to a {@link Blackhole}), so that the JIT cannot
 * drop the work as dead code.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class HotPathBenchmarks {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private TokenVerifier verifier;
    private String token;
    private Map<String, Object> authorizerContext;
    private Tables tables;
    private TenantKeyGuard guard;
    private Context.BeforeExecution getItem;
    private ExecutionAttributes scoped;
    private ExecutionContext openContext;
    private GovernanceEngine engine;
    private PolicyModel policyModel;
    private GlobalInvariants global;
    private TenantPolicy tenantPolicy;
    private PolicySettings effective;
    private TenantContext operator;
    private EventIds eventIds;
    private DecisionModel small;
    private DecisionModel large;

    @Setup
    public void setUp() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        verifier = new TokenVerifier(TokenSettings.of("https://issuer.test", "client", URI.create("https://issuer.test/jwks")),
                new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), Clock.fixed(NOW, ZoneOffset.UTC));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer("https://issuer.test").audience("client").subject("alice")
                        .issueTime(Date.from(NOW.minusSeconds(10))).expirationTime(Date.from(NOW.plusSeconds(3600)))
                        .claim("custom:tenant_id", "acme").claim("cognito:groups", List.of("operator")).build());
        jwt.sign(new RSASSASigner(key));
        token = jwt.serialize();

        operator = new TenantContext(TenantId.of("acme"), "alice", Set.of(TenantRole.OPERATOR), "req-1");
        authorizerContext = new HashMap<>(operator.toAuthorizerContext());
        tables = new Tables("arn:aws:dynamodb:eu-west-1:123456789012:table/execalc-data",
                "arn:aws:dynamodb:eu-west-1:123456789012:table/execalc-audit");
        guard = new TenantKeyGuard();
        openContext = ExecutionContext.open(operator, "acme", NOW);
        scoped = ExecutionAttributes.builder().put(TenantKeyGuard.SCOPE, new TenantKeyGuard.Scope(openContext,
                SessionPolicy.forTenant(TenantId.of("acme"), tables))).build();
        GetItemRequest request = GetItemRequest.builder().tableName("execalc-data").key(Map.of(
                "pk", AttributeValue.fromS("acme#orders"), "sk", AttributeValue.fromS("REC#order-1001"))).build();
        getItem = new Context.BeforeExecution() {
            @Override
            public SdkRequest request() {
                return request;
            }
        };

        engine = new GovernanceEngine();
        policyModel = new PolicyModel();
        global = GlobalInvariants.v1();
        tenantPolicy = policyModel.parse((ObjectNode) new ObjectMapper().readTree(
                "{\"maxRecordBytes\":16384,\"execution\":{\"escalateAtRisk\":\"low\"},\"auditRetentionDays\":730}"));
        effective = policyModel.effective(global, tenantPolicy);
        eventIds = new EventIds();
        small = model(10, 5);
        large = model(100, 20);
    }

    private static DecisionModel model(int options, int criteria) {
        Random random = new Random(42);
        List<DecisionModel.Criterion> criteriaList = new ArrayList<>();
        for (int c = 0; c < criteria; c++) {
            criteriaList.add(new DecisionModel.Criterion("c" + c, BigDecimal.valueOf(1 + random.nextInt(9)),
                    c % 2 == 0 ? DecisionModel.Direction.MAX : DecisionModel.Direction.MIN));
        }
        List<DecisionModel.Option> optionList = new ArrayList<>();
        for (int o = 0; o < options; o++) {
            Map<String, BigDecimal> scores = new HashMap<>();
            for (int c = 0; c < criteria; c++) {
                scores.put("c" + c, BigDecimal.valueOf(random.nextInt(10_000), 2));
            }
            optionList.add(new DecisionModel.Option("option-" + o, scores));
        }
        return new DecisionModel("benchmark", criteriaList, optionList,
                List.of(new DecisionModel.Constraint("c0", null, BigDecimal.valueOf(90))), RiskLevel.LOW, null);
    }

    /** The authorizer's token check: RS256 signature and claims, keys already cached. */
    @Benchmark
    public Principal verifyRs256Token() {
        return verifier.verify(token);
    }

    /** The tenant context from the authorizer's output, and the request's execution context opened and closed. */
    @Benchmark
    public void openAndCloseExecutionContext(Blackhole blackhole) {
        TenantContext tenant = TenantContext.fromAuthorizerContext(authorizerContext, "req-1");
        ExecutionContext context = ExecutionContext.open(tenant, "acme", NOW);
        blackhole.consume(tenant);
        blackhole.consume(context);
        context.close();
    }

    /** The request's STS session policy, generated and rendered to JSON. */
    @Benchmark
    public String generateSessionPolicy() {
        return SessionPolicy.forTenant(TenantId.of("acme"), tables).toJson();
    }

    /** The guard's check of a typical GetItem before it leaves the process. */
    @Benchmark
    public ExecutionAttributes guardAGetItem() {
        guard.beforeExecution(getItem, scoped);
        return scoped;
    }

    /** The effective policy from the invariants and a tenant policy, then the engine's decision on a record write. */
    @Benchmark
    public Decision governanceDecision() {
        PolicySettings settings = policyModel.effective(global, tenantPolicy);
        return engine.decide(operator, Action.RECORD_PUT, RequestFacts.in(NamespaceId.of("orders")).withPayload(512),
                settings);
    }

    /** An audit event: its id, the event, and its JSON form. */
    @Benchmark
    public String buildAuditEvent() {
        AuditEvent event = new AuditEvent(eventIds.next(NOW), NOW, operator.tenantId(), operator.subject(),
                AuditEvent.ActorType.MEMBER, operator.roles(), "record.put", "orders/order-1001", AuditEvent.Decision.ALLOW, "ROLE_ALLOWS_ACTION",
                operator.requestId(), 201, Map.of());
        return AuditTrail.toJson(event, true).toString();
    }

    /** The boundary and the ranking of 10 options on 5 criteria. */
    @Benchmark
    public void execution10x5(Blackhole blackhole) {
        blackhole.consume(ExecutionBoundary.check(small, effective, NOW));
        blackhole.consume(Ranking.rank(small));
    }

    /** The boundary and the ranking of 100 options on 20 criteria, the global limits. */
    @Benchmark
    public void execution100x20(Blackhole blackhole) {
        blackhole.consume(ExecutionBoundary.check(large, effective, NOW));
        blackhole.consume(Ranking.rank(large));
    }
}
