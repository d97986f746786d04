package com.execalc.api;

import com.execalc.tenancy.InvalidInputException;

/** The {@code limit} query parameter of listings: 1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}. */
final class Paging {

    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 100;

    private Paging() {
    }

    /** @throws InvalidInputException when the parameter is not a whole number in range */
    static int limitOf(ApiRequest request) {
        String value = request.query("limit").orElse(Integer.toString(DEFAULT_LIMIT));
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new InvalidInputException("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
}
