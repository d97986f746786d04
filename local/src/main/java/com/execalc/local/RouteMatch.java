package com.execalc.local;

import com.execalc.ingress.Route;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A route of the API matched against a request's raw path, as API Gateway matches its resources: segment by
 * segment, a {@code {parameter}} matching any non-empty segment, which is decoded ({@code +} stays {@code +}).
 *
 * @param route          the matched route
 * @param pathParameters its parameters, decoded, in the order of the resource path
 */
public record RouteMatch(Route route, Map<String, String> pathParameters) {

    public RouteMatch {
        pathParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pathParameters));
    }

    /** The route {@code method rawPath} reaches, or {@code null} for none. */
    public static RouteMatch find(String method, String rawPath) {
        String[] segments = rawPath.split("/", -1);
        for (Route route : Route.values()) {
            if (!route.method().equals(method)) {
                continue;
            }
            String[] template = route.resourcePath().split("/", -1);
            if (template.length != segments.length) {
                continue;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                if (template[i].startsWith("{") && template[i].endsWith("}")) {
                    matches = !segments[i].isEmpty();
                    parameters.put(template[i].substring(1, template[i].length() - 1), decoded(segments[i]));
                } else {
                    matches = template[i].equals(segments[i]);
                }
            }
            if (matches) {
                return new RouteMatch(route, parameters);
            }
        }
        return null;
    }

    /** A raw path or path segment, percent-decoded; {@code +} is a plus in a path, not a space. */
    static String decoded(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
