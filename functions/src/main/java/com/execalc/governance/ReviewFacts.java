package com.execalc.governance;

import java.util.Objects;
import java.util.Set;

/**
 * What governance needs to know about the execution a review is for, read before the decision.
 *
 * @param status    the execution's current status, e.g. {@code ESCALATE}
 * @param pending   whether it waits for review (only then may it be reviewed)
 * @param runBy     the subject who ran it, who may never review it
 * @param reviewers the subjects who reviewed it so far, each of whom counts once
 */
public record ReviewFacts(String status, boolean pending, String runBy, Set<String> reviewers) {

    public ReviewFacts {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(runBy, "runBy");
        reviewers = Set.copyOf(reviewers);
    }
}
