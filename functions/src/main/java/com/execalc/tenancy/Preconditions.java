package com.execalc.tenancy;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * What a conditional write asks of the current version of what it writes (RFC 9110 13.1): {@code If-Match}, either
 * any current version ({@code *}) or one whose entity tag is in a list, and {@code If-None-Match: *}, no current
 * version at all. Entity tags compare strongly (RFC 9110 8.8.3.2): only strong tags are kept, since a weak one can
 * never satisfy {@code If-Match}. Tags are held without their quotes.
 */
public final class Preconditions {

    private final boolean ifMatchGiven;
    private final boolean ifMatchAny;
    private final Set<String> ifMatchTags;
    private final boolean ifNoneMatchAny;

    private Preconditions(boolean ifMatchGiven, boolean ifMatchAny, Set<String> ifMatchTags, boolean ifNoneMatchAny) {
        this.ifMatchGiven = ifMatchGiven;
        this.ifMatchAny = ifMatchAny;
        this.ifMatchTags = Set.copyOf(ifMatchTags);
        this.ifNoneMatchAny = ifNoneMatchAny;
    }

    /** No precondition: the write goes ahead whatever is there. */
    public static Preconditions none() {
        return new Preconditions(false, false, Set.of(), false);
    }

    /** {@code If-Match: *}: there must be a current version, whichever it is. */
    public static Preconditions ifMatchAny() {
        return new Preconditions(true, true, Set.of(), false);
    }

    /**
     * {@code If-Match} with a list of tags: the current version's tag must be one of {@code strongTags}, which may be
     * empty when the list held weak tags only (then nothing matches).
     */
    public static Preconditions ifMatch(Collection<String> strongTags) {
        return new Preconditions(true, false, Set.copyOf(strongTags), false);
    }

    /** These preconditions and {@code If-None-Match: *}: there must be no current version (create only). */
    public Preconditions andIfNoneMatchAny() {
        return new Preconditions(ifMatchGiven, ifMatchAny, ifMatchTags, true);
    }

    /** Whether the write asked for anything: a conditional write that loses a race fails (412) rather than retry. */
    public boolean isConditional() {
        return ifMatchGiven || ifNoneMatchAny;
    }

    /** Whether the write is create-only ({@code If-None-Match: *}). */
    public boolean createOnly() {
        return ifNoneMatchAny;
    }

    /**
     * Whether the preconditions hold for the current version.
     *
     * @param currentTag the current version's entity tag, without quotes; empty when there is no current version
     */
    public boolean holdsFor(Optional<String> currentTag) {
        if (ifMatchGiven && (currentTag.isEmpty() || !(ifMatchAny || ifMatchTags.contains(currentTag.get())))) {
            return false;
        }
        return !(ifNoneMatchAny && currentTag.isPresent());
    }

    @Override
    public String toString() {
        return (ifMatchGiven ? "If-Match " + (ifMatchAny ? "*" : ifMatchTags) : "")
                + (ifNoneMatchAny ? (ifMatchGiven ? ", " : "") + "If-None-Match *" : "");
    }
}
