package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.Collections;
import java.util.Iterator;

/** Evaluates an authorizer's policy like API Gateway: an explicit Deny wins, else an Allow must match. */
final class PolicyDecision {

    private PolicyDecision() {
    }

    static boolean allows(JsonNode policy, String methodArn) {
        boolean allowed = false;
        for (JsonNode statement : policy.path("Statement")) {
            if (!coversInvoke(statement.path("Action")) || !matchesAny(statement.path("Resource"), methodArn)) {
                continue;
            }
            String effect = statement.path("Effect").asText();
            if ("Deny".equals(effect)) {
                return false;
            }
            allowed |= "Allow".equals(effect);
        }
        return allowed;
    }

    private static boolean coversInvoke(JsonNode action) {
        return matchesAny(action, "execute-api:Invoke");
    }

    private static boolean matchesAny(JsonNode patterns, String value) {
        if (patterns.isTextual()) {
            return ArnPattern.matches(patterns.asText(), value);
        }
        Iterator<JsonNode> elements = patterns instanceof ArrayNode array ? array.elements()
                : Collections.emptyIterator();
        while (elements.hasNext()) {
            if (ArnPattern.matches(elements.next().asText(), value)) {
                return true;
            }
        }
        return false;
    }
}
