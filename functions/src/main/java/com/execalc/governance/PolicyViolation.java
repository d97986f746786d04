package com.execalc.governance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One field of a requested tenant policy that would loosen a global invariant.
 *
 * @param field     the field's path, e.g. {@code execution.escalateAtRisk}
 * @param requested what the tenant asked for
 * @param limit     the global invariant it may not loosen
 */
public record PolicyViolation(String field, JsonNode requested, JsonNode limit) {
}
