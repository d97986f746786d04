package com.execalc.local.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer for the shell to write.
 *
 * @param status  a final status, 200 to 599
 * @param headers response headers; names are tokens and values hold no control characters, so that no value can end
 *                the header section early. Framing headers ({@code Content-Length}, {@code Transfer-Encoding},
 *                {@code Connection}) are the shell's and are ignored here.
 * @param body    the body; empty for none
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

    public HttpResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("Not a final HTTP status: " + status);
        }
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!HttpSyntax.isToken(name)) {
                throw new IllegalArgumentException("Not a header name: " + name);
            }
            if (!HttpSyntax.isFieldValue(value)) {
                throw new IllegalArgumentException("The value of header " + name + " holds a control character");
            }
            copy.put(name, value);
        });
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body;
    }

    /** The value of a header, whatever the case of its name; {@code null} when absent. */
    public String header(String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /** This answer with one more header, or with that header replaced. */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>();
        headers.forEach((existing, existingValue) -> {
            if (!existing.equalsIgnoreCase(name)) {
                more.put(existing, existingValue);
            }
        });
        more.put(name, value);
        return new HttpResponse(status, more, body);
    }
}
