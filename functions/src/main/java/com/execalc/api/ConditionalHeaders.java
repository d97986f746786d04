package com.execalc.api;

import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.Preconditions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the conditional request headers of a write into {@link Preconditions}: {@code If-Match} is {@code *} or a
 * comma-separated list of entity tags (RFC 9110 13.1.1), each {@code "<opaque>"} or, weak, {@code W/"<opaque>"}.
 * For clients of the time when ETags were versions, a bare number ({@code 3}) is read as the tag {@code "3"}.
 * {@code If-None-Match} is honoured as exactly {@code *} (create only) where a write can create; any other value, and
 * the header on a write that cannot create, is refused. Anything unreadable is a 400: a precondition that is not
 * honoured must not be ignored. Repeated headers are read as one list (RFC 9110 5.3).
 */
final class ConditionalHeaders {

    /** More tags than any client needs to name the versions it knows. */
    static final int MAX_TAGS = 32;

    private ConditionalHeaders() {
    }

    /** @throws InvalidInputException when {@code If-Match} is present but not {@code *} or a list of entity tags */
    static Preconditions ifMatch(ApiRequest request) {
        return field(request, "If-Match").map(ConditionalHeaders::parseIfMatch).orElse(Preconditions.none());
    }

    /**
     * {@code If-Match} and {@code If-None-Match} of a write that creates what is absent (a record PUT).
     *
     * @throws InvalidInputException when either cannot be read, or {@code If-None-Match} is anything but {@code *}
     */
    static Preconditions ifMatchAndCreateOnly(ApiRequest request) {
        Preconditions preconditions = ifMatch(request);
        return createOnly(request) ? preconditions.andIfNoneMatchAny() : preconditions;
    }

    /**
     * Whether the write asks to create only: {@code If-None-Match} is exactly {@code *}.
     *
     * @throws InvalidInputException when {@code If-None-Match} is present with any other value: tags would ask for a
     *                               version comparison that a write cannot honour
     */
    static boolean createOnly(ApiRequest request) {
        return field(request, "If-None-Match").map(value -> {
            if (!value.strip().equals("*")) {
                throw new InvalidInputException("If-None-Match must be exactly * (create only, 412 if it exists).");
            }
            return true;
        }).orElse(false);
    }

    /**
     * Refuses {@code If-None-Match} on a write that never creates what it names, or replaces something that always
     * exists: honouring it is impossible and ignoring it would write where the client asked not to.
     *
     * @throws InvalidInputException when the request carries {@code If-None-Match}
     */
    static void refuseIfNoneMatch(ApiRequest request, String why) {
        if (field(request, "If-None-Match").isPresent()) {
            throw new InvalidInputException("If-None-Match is not supported here: " + why);
        }
    }

    /** A header's values as one field, repeated headers joined by commas; empty when the header is absent. */
    private static Optional<String> field(ApiRequest request, String header) {
        List<String> values = request.headerValues(header);
        return values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
    }

    static Preconditions parseIfMatch(String value) {
        String field = value.strip();
        if (field.equals("*")) {
            return Preconditions.ifMatchAny();
        }
        if (field.matches("[0-9]{1,18}")) {
            return Preconditions.ifMatch(List.of(field));
        }
        return Preconditions.ifMatch(strongTags(field, "If-Match"));
    }

    /**
     * The strong tags of a list of entity tags, without quotes; weak ones are read and dropped (they never match).
     *
     * @throws InvalidInputException when the list is empty or anything in it is not an entity tag
     */
    private static List<String> strongTags(String field, String header) {
        List<String> strong = new ArrayList<>();
        int tags = 0;
        int i = 0;
        while (i < field.length()) {
            i = skipSpaces(field, i);
            if (i < field.length() && field.charAt(i) == ',') {
                i++; // an empty list element, which RFC 9110 5.6.1 asks recipients to accept
                continue;
            }
            if (i >= field.length()) {
                break;
            }
            boolean weak = field.startsWith("W/", i);
            int open = weak ? i + 2 : i;
            if (open >= field.length() || field.charAt(open) != '"') {
                throw invalid(header);
            }
            int close = open + 1;
            while (close < field.length() && isEtagChar(field.charAt(close))) {
                close++;
            }
            if (close >= field.length() || field.charAt(close) != '"') {
                throw invalid(header);
            }
            if (++tags > MAX_TAGS) {
                throw new InvalidInputException(header + " may name at most " + MAX_TAGS + " entity tags.");
            }
            if (!weak) {
                strong.add(field.substring(open + 1, close));
            }
            i = skipSpaces(field, close + 1);
            if (i < field.length() && field.charAt(i) != ',') {
                throw invalid(header);
            }
        }
        if (tags == 0) {
            throw invalid(header);
        }
        return strong;
    }

    /** {@code etagc}: {@code %x21 / %x23-7E / obs-text}, any visible character but the quote. */
    private static boolean isEtagChar(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
    }

    private static int skipSpaces(String field, int from) {
        int i = from;
        while (i < field.length() && (field.charAt(i) == ' ' || field.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static InvalidInputException invalid(String header) {
        return new InvalidInputException(header + " must be * or one or more entity tags, e.g. \"01KB3...\" as an "
                + "ETag header gave it.");
    }
}
