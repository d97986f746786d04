package com.execalc.pipeline;

import com.execalc.governance.Permit;
import com.execalc.governance.RequestFacts;

import java.util.Objects;

/**
 * What one request's route specification prepared before the decision: the facts governance decides on, and the
 * capability call that runs once it allows the request, with its permit.
 *
 * @param facts      what the decision needs beyond the action, gathered before it
 * @param capability the route's work, given the request's permit
 * @param <A>        what the capability answers
 */
public record Plan<A extends Answer>(RequestFacts facts, Capability<A> capability) {

    /** The route's work once governance allowed the request; only it holds the permit that changing data needs. */
    @FunctionalInterface
    public interface Capability<A extends Answer> {
        A call(Permit permit);
    }

    public Plan {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(capability, "capability");
    }

    public static <A extends Answer> Plan<A> of(RequestFacts facts, Capability<A> capability) {
        return new Plan<>(facts, capability);
    }
}
