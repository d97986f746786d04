package com.execalc.api;

import com.execalc.ingress.Plane;
import com.execalc.ingress.Route;
import com.execalc.pipeline.TenantRoute;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The specification of every tenant route, by route: one table instead of a dispatch per capability. Complete by
 * construction: building it fails unless every route of the tenant plane has exactly one specification.
 */
final class TenantRoutes {

    private final Map<Route, TenantRoute<ApiRequest, ApiResponse>> byRoute = new EnumMap<>(Route.class);

    TenantRoutes(List<Map<Route, TenantRoute<ApiRequest, ApiResponse>>> groups) {
        for (Map<Route, TenantRoute<ApiRequest, ApiResponse>> group : groups) {
            group.forEach((route, specification) -> {
                if (route.plane() != Plane.TENANT || byRoute.put(route, specification) != null) {
                    throw new IllegalStateException(route + " is not a tenant route, or has two specifications");
                }
            });
        }
        Set<Route> missing = EnumSet.noneOf(Route.class);
        for (Route route : Route.values()) {
            if (route.plane() == Plane.TENANT && !byRoute.containsKey(route)) {
                missing.add(route);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Tenant routes without a specification: " + missing);
        }
    }

    /** The route's specification; empty for a route that is not the tenant plane's. */
    Optional<TenantRoute<ApiRequest, ApiResponse>> of(Route route) {
        return Optional.ofNullable(byRoute.get(route));
    }
}
