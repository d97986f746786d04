package com.execalc.digest;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The one byte form of a JSON value that digests hash and sign: the JSON Canonicalization Scheme (RFC 8785) restricted
 * to what digests and events hold (objects, arrays, strings, integers, booleans, null). Object members sorted by name
 * (UTF-16 code units, as RFC 8785 says), no whitespace, UTF-8, and strings escaped only where JSON requires it: the
 * quote, the backslash, and control characters (the five short escapes b, t, n, f, r where they exist, else a backslash,
 * u and four lower-case hex digits). A fraction or an exponent is refused: no digest or event field holds one, and
 * refusing keeps the form trivially reproducible.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /** The canonical UTF-8 bytes of {@code value}. */
    public static byte[] bytes(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode value, StringBuilder out) {
        switch (value.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                value.fieldNames().forEachRemaining(names::add);
                names.sort(null); // String.compareTo orders by UTF-16 code units
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(names.get(i), out);
                    out.append(':');
                    write(value.get(names.get(i)), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                Iterator<JsonNode> elements = value.elements();
                boolean first = true;
                while (elements.hasNext()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(elements.next(), out);
                }
                out.append(']');
            }
            case STRING -> string(value.textValue(), out);
            case NUMBER -> {
                if (!value.isIntegralNumber()) {
                    throw new IllegalArgumentException("The canonical form holds integers only, not " + value);
                }
                out.append(value.bigIntegerValue().toString());
            }
            case BOOLEAN -> out.append(value.booleanValue());
            case NULL, MISSING -> out.append("null");
            default -> throw new IllegalArgumentException("No canonical form for a " + value.getNodeType());
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
