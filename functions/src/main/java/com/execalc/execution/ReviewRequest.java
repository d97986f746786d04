package com.execalc.execution;

import com.execalc.tenancy.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Objects;

/**
 * What a reviewer sends: {@code {"decision":"APPROVE"|"REJECT","reason":"..."}}, nothing else.
 *
 * @param decision approve or reject
 * @param reason   why, 1 to {@value Execution.Review#MAX_REASON_LENGTH} characters
 */
public record ReviewRequest(Execution.ReviewDecision decision, String reason) {

    public ReviewRequest {
        Objects.requireNonNull(decision, "decision");
        if (!Execution.Review.isReason(reason)) {
            throw new IllegalArgumentException("A review's reason is 1 to "
                    + Execution.Review.MAX_REASON_LENGTH + " characters");
        }
    }

    /** @throws InvalidInputException for an unknown field, a missing one, or a value of the wrong kind or length */
    public static ReviewRequest parse(ObjectNode body) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("decision") && !name.equals("reason")) {
                throw new InvalidInputException("Unknown field '" + (name.length() <= 40 ? name
                        : name.substring(0, 40) + "...") + "'; a review has only 'decision' and 'reason'.");
            }
        }
        JsonNode decision = body.get("decision");
        if (decision == null || !decision.isTextual() || !("APPROVE".equals(decision.textValue())
                || "REJECT".equals(decision.textValue()))) {
            throw new InvalidInputException("'decision' must be APPROVE or REJECT.");
        }
        JsonNode reason = body.get("reason");
        if (reason == null || !reason.isTextual() || !Execution.Review.isReason(reason.textValue())) {
            throw new InvalidInputException("'reason' must be text of 1 to " + Execution.Review.MAX_REASON_LENGTH
                    + " characters, not blank.");
        }
        return new ReviewRequest(Execution.ReviewDecision.valueOf(decision.textValue()), reason.textValue());
    }
}
