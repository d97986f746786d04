package com.execalc.api;

import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.Preconditions;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the conditional request headers of a write into {@link Preconditions}: {@code If-Match} is {@code *} or a
 * comma-separated list of entity tags (RFC 9110 13.1.1), each {@code "<opaque>"} or, weak, {@code W/"<opaque>"}.
 * For clients of the time when ETags were versions, a bare number ({@code 3}) is read as the tag {@code "3"}.
 * Anything else is a 400: a precondition that cannot be read must not be ignored.
 */
final class ConditionalHeaders {

    /** More tags than any client needs to name the versions it knows. */
    static final int MAX_TAGS = 32;

    private ConditionalHeaders() {
    }

    /** @throws InvalidInputException when {@code If-Match} is present but not {@code *} or a list of entity tags */
    static Preconditions ifMatch(ApiRequest request) {
        return request.header("If-Match").map(ConditionalHeaders::parseIfMatch).orElse(Preconditions.none());
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
