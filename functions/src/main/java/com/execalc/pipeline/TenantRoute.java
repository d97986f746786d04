package com.execalc.pipeline;

import com.execalc.governance.Action;

import java.util.Objects;

/**
 * The specification of one tenant route, as the pipeline runs it: the action its requests take, and how a request
 * becomes a {@link Plan}: its input read and validated, the facts of its decision gathered (reads included, with the
 * request's own data access), and its capability call prepared. Planning holds no permit, so it can change nothing.
 *
 * @param action  what every request of the route does, as governance and the audit trail name it
 * @param planner how one request is planned
 * @param <I>     the request's input, e.g. the HTTP request
 * @param <A>     what the capability answers
 */
public record TenantRoute<I, A extends Answer>(Action action, Planner<I, A> planner) {

    /** Plans one request of the route, before governance decides it. */
    @FunctionalInterface
    public interface Planner<I, A extends Answer> {
        Plan<A> plan(I input, TenantRequest request);
    }

    public TenantRoute {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(planner, "planner");
    }

    public static <I, A extends Answer> TenantRoute<I, A> of(Action action, Planner<I, A> planner) {
        return new TenantRoute<>(action, planner);
    }
}
