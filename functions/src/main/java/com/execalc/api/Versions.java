package com.execalc.api;

import com.execalc.tenancy.InvalidInputException;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code If-Match} versions: {@code 3}, {@code "3"} or {@code W/"3"}. */
final class Versions {

    private static final Pattern VERSION = Pattern.compile("(?:W/)?\"?([0-9]{1,18})\"?");

    private Versions() {
    }

    /** @throws InvalidInputException when the header is present but not a version */
    static OptionalLong ifMatch(ApiRequest request) {
        return request.header("If-Match").map(value -> {
            Matcher version = VERSION.matcher(value.strip());
            if (!version.matches()) {
                throw new InvalidInputException("If-Match must be a version, e.g. \"3\".");
            }
            return OptionalLong.of(Long.parseLong(version.group(1)));
        }).orElse(OptionalLong.empty());
    }
}
