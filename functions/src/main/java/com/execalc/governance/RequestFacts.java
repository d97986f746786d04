package com.execalc.governance;

import com.execalc.tenancy.NamespaceId;

/**
 * What governance needs to know about a request beyond its action.
 *
 * @param payloadBytes   the payload's size in UTF-8 bytes, 0 without one
 * @param namespace      the namespace the request acts on, or {@code null}
 * @param namespaceCount how many namespaces the tenant holds, when the request would add one; else -1
 * @param review         the execution a review is for, or {@code null} when the request reviews none
 */
public record RequestFacts(long payloadBytes, NamespaceId namespace, int namespaceCount, ReviewFacts review) {

    public static RequestFacts none() {
        return new RequestFacts(0, null, -1, null);
    }

    public static RequestFacts in(NamespaceId namespace) {
        return new RequestFacts(0, namespace, -1, null);
    }

    public RequestFacts withPayload(long bytes) {
        return new RequestFacts(bytes, namespace, namespaceCount, review);
    }

    public RequestFacts withNamespaceCount(int count) {
        return new RequestFacts(payloadBytes, namespace, count, review);
    }

    public RequestFacts withReview(ReviewFacts facts) {
        return new RequestFacts(payloadBytes, namespace, namespaceCount, facts);
    }
}
