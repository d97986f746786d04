package com.execalc.governance;

import com.execalc.tenancy.NamespaceId;

/**
 * What governance needs to know about a request beyond its action.
 *
 * @param payloadBytes   the payload's size in UTF-8 bytes, 0 without one
 * @param namespace      the namespace the request acts on, or {@code null}
 * @param namespaceCount how many namespaces the tenant holds, when the request would add one; else -1
 */
public record RequestFacts(long payloadBytes, NamespaceId namespace, int namespaceCount) {

    public static RequestFacts none() {
        return new RequestFacts(0, null, -1);
    }

    public static RequestFacts in(NamespaceId namespace) {
        return new RequestFacts(0, namespace, -1);
    }

    public RequestFacts withPayload(long bytes) {
        return new RequestFacts(bytes, namespace, namespaceCount);
    }

    public RequestFacts withNamespaceCount(int count) {
        return new RequestFacts(payloadBytes, namespace, count);
    }
}
