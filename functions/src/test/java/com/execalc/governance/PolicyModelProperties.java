package com.execalc.governance;

import com.execalc.tenancy.NamespaceId;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the policy model over random tenant policies: accepted policies only ever tighten, loosening policies
 * are rejected naming exactly the loosening fields, a tenant's effective policy depends on nothing but the
 * invariants and its own policy, and the engine's decisions under a tenant's policy only ever restrict: nothing the
 * invariants deny is allowed, and every change outside the tenant's namespace prefixes is denied.
 */
class PolicyModelProperties {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final GlobalInvariants global = GlobalInvariants.v1();
    private final PolicyModel model = new PolicyModel();

    /** A random policy document and the fields in it that loosen the invariants. */
    record Requested(ObjectNode document, Set<String> loosening) {
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.MIXIN)
    void everyAcceptedPolicy_shouldBeAtLeastAsStrictAsGlobal_onEveryField(@ForAll("tighteningPolicies") Requested policy) {
        TenantPolicy parsed = model.parse(policy.document());
        assertThat(model.violations(global, parsed)).isEmpty();

        PolicySettings effective = model.effective(global, parsed);
        PolicySettings limits = global.settings();

        assertThat(effective.maxRecordBytes()).isLessThanOrEqualTo(limits.maxRecordBytes());
        assertThat(effective.maxNamespaces()).isLessThanOrEqualTo(limits.maxNamespaces());
        for (TenantRole role : TenantRole.values()) {
            assertThat(limits.roleActions().get(role)).containsAll(effective.roleActions().get(role));
        }
        assertThat(!effective.recordDeletion() || limits.recordDeletion()).isTrue();
        assertThat(effective.maxOptions()).isLessThanOrEqualTo(limits.maxOptions());
        assertThat(effective.maxCriteria()).isLessThanOrEqualTo(limits.maxCriteria());
        assertThat(effective.escalateAtRisk()).isLessThanOrEqualTo(limits.escalateAtRisk());
        assertThat(effective.auditRetentionDays()).isGreaterThanOrEqualTo(limits.auditRetentionDays());
        assertThat(effective.namespacePrefixes().within(limits.namespacePrefixes())).isTrue();
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.MIXIN)
    void everyLooseningAttempt_shouldBeRejected_namingExactlyTheLooseningFields(
            @ForAll("mixedPolicies") Requested policy) {
        List<PolicyViolation> violations = model.violations(global, model.parse(policy.document()));

        assertThat(violations).extracting(PolicyViolation::field)
                .containsExactlyInAnyOrderElementsOf(policy.loosening());
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.MIXIN)
    void aTenantsEffectivePolicy_shouldNeverChange_whenAnotherTenantsPolicyChanges(
            @ForAll("tighteningPolicies") Requested tenantA, @ForAll("tighteningPolicies") Requested tenantB,
            @ForAll("tighteningPolicies") Requested tenantBChanged) {
        TenantPolicy a = model.parse(tenantA.document());
        PolicySettings before = model.effective(global, a);

        model.effective(global, model.parse(tenantB.document()));
        model.effective(global, model.parse(tenantBChanged.document()));

        assertThat(model.effective(global, a)).isEqualTo(before);
    }

    /** Every action that changes a namespace or what it holds: what namespacePrefixes must confine (issue 12, 16). */
    private static final Set<Action> CHANGES = EnumSet.of(Action.NAMESPACE_CREATE, Action.NAMESPACE_DELETE,
            Action.RECORD_PUT, Action.RECORD_DELETE, Action.EXECUTION_RUN);

    private final GovernanceEngine engine = new GovernanceEngine();

    // Fails at 0b0fd6f (issue 12, item 16): record and namespace deletes outside the tenant's prefixes were allowed.
    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void everyChangeOutsideTheTenantsNamespacePrefixes_shouldBeDenied_deletesIncluded(
            @ForAll("tighteningPolicies") Requested policy, @ForAll TenantRole role, @ForAll("changes") Action change,
            @ForAll("namespaces") String namespace) {
        PolicySettings effective = model.effective(global, model.parse(policy.document()));

        Decision decision = engine.decide(caller(role), change, facts(change, namespace), effective);

        if (!effective.namespacePrefixes().allows(namespace)) {
            assertThat(decision.allowed()).as("%s of %s outside %s", change, namespace,
                    effective.namespacePrefixes().prefixes()).isFalse();
            if (effective.allows(Set.of(role), change)) {
                assertThat(decision.reason()).isEqualTo("NAMESPACE_NOT_ALLOWED");
                assertThat(decision.denial()).isEqualTo(Decision.Denial.POLICY_LIMIT);
            }
        }
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void noTenantPolicy_shouldAllowARequestTheGlobalInvariantsDeny(
            @ForAll("tighteningPolicies") Requested policy, @ForAll TenantRole role, @ForAll Action action,
            @ForAll("namespaces") String namespace) {
        PolicySettings effective = model.effective(global, model.parse(policy.document()));
        RequestFacts facts = facts(action, namespace);

        Decision underPolicy = engine.decide(caller(role), action, facts, effective);
        Decision underGlobal = engine.decide(caller(role), action, facts, global.settings());

        assertThat(!underPolicy.allowed() || underGlobal.allowed())
                .as("%s by %s in %s: allowed under the tenant's policy, denied globally", action, role, namespace)
                .isTrue();
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.MIXIN)
    void namespacePrefixes_shouldConfineExactlyTheChanges_neverAReadOfWhatIsStored(
            @ForAll("tighteningPolicies") Requested policy, @ForAll Action action,
            @ForAll("namespaces") String namespace) {
        PolicySettings effective = model.effective(global, model.parse(policy.document()));
        Decision asAdmin = engine.decide(caller(TenantRole.ADMIN), action, facts(action, namespace),
                effective.withNamespacePrefixes(NamespacePrefixes.only(List.of())));

        assertThat(PolicyModel.confinedByNamespacePrefixes(action)).as(action.wireName())
                .isEqualTo(CHANGES.contains(action));
        if (!CHANGES.contains(action)) {
            assertThat(asAdmin.reason()).as("%s with no namespace allowed", action)
                    .isNotEqualTo("NAMESPACE_NOT_ALLOWED");
        }
    }

    @Provide
    Arbitrary<Action> changes() {
        return Arbitraries.of(CHANGES);
    }

    /** Namespace names, often starting with a generated prefix (single letters are among them), often not. */
    @Provide
    Arbitrary<String> namespaces() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10);
    }

    private static TenantContext caller(TenantRole role) {
        return new TenantContext(TenantId.of("acme"), "alice", Set.of(role), "req-1");
    }

    /** What the engine is told of a request: its namespace, and a namespace count below any limit for a create. */
    private static RequestFacts facts(Action action, String namespace) {
        RequestFacts facts = RequestFacts.in(NamespaceId.of(namespace));
        return action == Action.NAMESPACE_CREATE ? facts.withNamespaceCount(0) : facts;
    }

    @Provide
    Arbitrary<Requested> tighteningPolicies() {
        return policies(Arbitraries.just(false));
    }

    @Provide
    Arbitrary<Requested> mixedPolicies() {
        return policies(Arbitraries.of(true, false));
    }

    /** Each field is absent, or present with a tightening value, or (when {@code loosen} yields true) a loosening one. */
    private Arbitrary<Requested> policies(Arbitrary<Boolean> loosen) {
        List<Arbitrary<FieldChoice>> fields = new ArrayList<>();
        PolicySettings limits = global.settings();
        fields.add(number("maxRecordBytes", limits.maxRecordBytes(), loosen, true));
        fields.add(number("maxNamespaces", limits.maxNamespaces(), loosen, true));
        for (TenantRole role : TenantRole.values()) {
            fields.add(roleActions(role, limits.roleActions().get(role), loosen));
        }
        fields.add(Combinators.combine(Arbitraries.of(Presence.values()), loosen).as((presence, looser) ->
                presence == Presence.ABSENT ? FieldChoice.absent()
                        : new FieldChoice("recordDeletion", NODES.booleanNode(!looser || !limits.recordDeletion()),
                        looser && !limits.recordDeletion())));
        fields.add(number("execution.maxOptions", limits.maxOptions(), loosen, true));
        fields.add(number("execution.maxCriteria", limits.maxCriteria(), loosen, true));
        fields.add(Combinators.combine(Arbitraries.of(Presence.values()), loosen, Arbitraries.of(RiskLevel.values()))
                .as((presence, looser, level) -> {
                    if (presence == Presence.ABSENT) {
                        return FieldChoice.absent();
                    }
                    boolean loosens = level.compareTo(limits.escalateAtRisk()) > 0;
                    if (loosens != looser) {
                        level = looser ? RiskLevel.CRITICAL : RiskLevel.LOW;
                        loosens = looser;
                    }
                    return new FieldChoice("execution.escalateAtRisk", NODES.textNode(level.wireName()), loosens);
                }));
        fields.add(number("auditRetentionDays", limits.auditRetentionDays(), loosen, false));
        fields.add(Combinators.combine(Arbitraries.of(Presence.values()),
                        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8).list().ofMaxSize(5))
                .as((presence, prefixes) -> {
                    if (presence == Presence.ABSENT) {
                        return FieldChoice.absent();
                    }
                    var list = NODES.arrayNode();
                    prefixes.forEach(list::add);
                    return new FieldChoice("namespacePrefixes", list, false);
                }));
        return Combinators.combine(fields).as(choices -> {
            ObjectNode document = NODES.objectNode();
            Set<String> loosening = new TreeSet<>();
            for (FieldChoice choice : choices) {
                if (choice.path() == null) {
                    continue;
                }
                place(document, choice.path(), choice.value());
                if (choice.loosens()) {
                    loosening.add(choice.path());
                }
            }
            return new Requested(document, loosening);
        });
    }

    private enum Presence { ABSENT, PRESENT }

    private record FieldChoice(String path, com.fasterxml.jackson.databind.JsonNode value, boolean loosens) {
        static FieldChoice absent() {
            return new FieldChoice(null, null, false);
        }
    }

    /** A whole-number field: smaller is stricter when {@code atMost}, larger otherwise. */
    private static Arbitrary<FieldChoice> number(String path, int limit, Arbitrary<Boolean> loosen, boolean atMost) {
        return Combinators.combine(Arbitraries.of(Presence.values()), loosen, Arbitraries.integers().between(0, 100_000))
                .as((presence, looser, delta) -> {
                    if (presence == Presence.ABSENT) {
                        return FieldChoice.absent();
                    }
                    int value;
                    if (atMost) {
                        value = looser ? limit + 1 + delta : Math.max(0, limit - delta);
                    } else {
                        value = looser ? Math.max(1, limit - 1 - (delta % (limit - 1))) : limit + delta % 30_000;
                    }
                    return new FieldChoice(path, NODES.numberNode(value), looser);
                });
    }

    /** A role's actions: a subset of the global ones, plus an action it does not have when loosening. */
    private static Arbitrary<FieldChoice> roleActions(TenantRole role, Set<Action> allowed, Arbitrary<Boolean> loosen) {
        Set<Action> notAllowed = EnumSet.noneOf(Action.class);
        for (Action action : Action.values()) {
            if (action.configurable() && !allowed.contains(action)) {
                notAllowed.add(action);
            }
        }
        return Combinators.combine(Arbitraries.of(Presence.values()), loosen, Arbitraries.subsetOf(allowed))
                .as((presence, looser, subset) -> {
                    if (presence == Presence.ABSENT) {
                        return FieldChoice.absent();
                    }
                    var list = NODES.arrayNode();
                    subset.forEach(action -> list.add(action.wireName()));
                    boolean loosens = looser && !notAllowed.isEmpty();
                    if (loosens) {
                        list.add(notAllowed.iterator().next().wireName());
                    }
                    return new FieldChoice("roles." + role.wireName(), list, loosens);
                });
    }

    private static void place(ObjectNode document, String path, com.fasterxml.jackson.databind.JsonNode value) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            document.set(path, value);
        } else {
            ObjectNode group = document.has(path.substring(0, dot)) ? (ObjectNode) document.get(path.substring(0, dot))
                    : document.putObject(path.substring(0, dot));
            group.set(path.substring(dot + 1), value);
        }
    }
}
