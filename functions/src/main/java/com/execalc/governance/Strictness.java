package com.execalc.governance;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which way "stricter" points for one kind of setting: whether a tenant's value would loosen the global one, and the
 * tighter of the two.
 *
 * @param <T> the setting's type
 */
public interface Strictness<T> {

    /** Whether {@code requested} allows more than {@code global}. */
    boolean loosens(T global, T requested);

    /** The stricter of the two values. */
    T tighter(T global, T requested);

    /** Smaller is stricter: size and count limits. */
    static Strictness<Integer> atMost() {
        return new Strictness<>() {
            @Override
            public boolean loosens(Integer global, Integer requested) {
                return requested > global;
            }

            @Override
            public Integer tighter(Integer global, Integer requested) {
                return Math.min(global, requested);
            }
        };
    }

    /** Larger is stricter: how long audit events are kept. */
    static Strictness<Integer> atLeast() {
        return new Strictness<>() {
            @Override
            public boolean loosens(Integer global, Integer requested) {
                return requested < global;
            }

            @Override
            public Integer tighter(Integer global, Integer requested) {
                return Math.max(global, requested);
            }
        };
    }

    /** Fewer is stricter: the actions a role may take; a tenant may remove actions, never add them. */
    static Strictness<Set<Action>> subset() {
        return new Strictness<>() {
            @Override
            public boolean loosens(Set<Action> global, Set<Action> requested) {
                return !global.containsAll(requested);
            }

            @Override
            public Set<Action> tighter(Set<Action> global, Set<Action> requested) {
                Set<Action> both = global.isEmpty() ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(global);
                both.retainAll(requested);
                return both;
            }
        };
    }

    /** Off is stricter: a permission a tenant may switch off, never on. */
    static Strictness<Boolean> onlyOff() {
        return new Strictness<>() {
            @Override
            public boolean loosens(Boolean global, Boolean requested) {
                return requested && !global;
            }

            @Override
            public Boolean tighter(Boolean global, Boolean requested) {
                return global && requested;
            }
        };
    }

    /** Lower is stricter: the risk level at which executions are escalated. */
    static Strictness<RiskLevel> lowerRisk() {
        return new Strictness<>() {
            @Override
            public boolean loosens(RiskLevel global, RiskLevel requested) {
                return requested.compareTo(global) > 0;
            }

            @Override
            public RiskLevel tighter(RiskLevel global, RiskLevel requested) {
                return requested.compareTo(global) < 0 ? requested : global;
            }
        };
    }

    /** Narrower is stricter: the namespaces that may be written to. */
    static Strictness<NamespacePrefixes> narrower() {
        return new Strictness<>() {
            @Override
            public boolean loosens(NamespacePrefixes global, NamespacePrefixes requested) {
                return !requested.within(global);
            }

            @Override
            public NamespacePrefixes tighter(NamespacePrefixes global, NamespacePrefixes requested) {
                return global.intersect(requested);
            }
        };
    }
}
