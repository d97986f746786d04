package com.execalc.api;

import com.execalc.tenancy.InvalidInputException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The JSON of the functions: Lambda events in, responses out, and request bodies parsed strictly.
 *
 * <p>Bodies are parsed with duplicate-key detection, no trailing content and a nesting limit of {@value #MAX_DEPTH}, so
 * an ambiguous or hostile body is a 400 and never reaches a capability: any failure while reading a body or an event,
 * whatever Jackson throws (numbers with an exponent beyond the int range surface as {@code NumberFormatException}), is
 * an {@link InvalidInputException}. Events are read as trees, never bound to
 * POJOs by reflection, and one mapper serves everything: creating the first mapper is the expensive part of a cold
 * start, and binding added ~70 ms more (docs/PERFORMANCE.md).
 */
public final class LambdaJson {

    /** Deepest nesting accepted in a request body. */
    public static final int MAX_DEPTH = 32;

    private final ObjectMapper bodies = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    public LambdaJson() {
        bodies.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    }

    /**
     * Reads an invocation event: one JSON object.
     *
     * @throws InvalidInputException when it is not
     */
    public ObjectNode readEvent(InputStream in) {
        JsonNode event;
        try {
            event = bodies.readTree(in);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("The invocation event is not valid JSON.", e);
        }
        if (!(event instanceof ObjectNode object)) {
            throw new InvalidInputException("The invocation event is not a JSON object.");
        }
        return object;
    }

    /** Writes a response: a JSON tree, or maps and lists of plain values. */
    public void write(OutputStream out, Object value) {
        try {
            bodies.writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the function's response failed", e);
        }
    }

    /** A JSON object of plain values, lists, maps and JSON trees, in their order: e.g. an error's details. */
    public ObjectNode tree(Map<String, Object> values) {
        return bodies.valueToTree(values);
    }

    /** A new, empty JSON object to build a response body. */
    public ObjectNode object() {
        return bodies.createObjectNode();
    }

    /**
     * Parses a request body that must be one JSON object.
     *
     * @throws InvalidInputException when it is absent, not JSON, ambiguous, too deep or not an object
     */
    public ObjectNode parseObject(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("The request body must be a JSON object.");
        }
        JsonNode node;
        try {
            node = bodies.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException("The request body exceeds a limit: at most " + MAX_DEPTH
                    + " levels of nesting, and numbers and strings of bounded length.", e);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("The request body is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            // Jackson reports some numbers it cannot represent (an exponent beyond the int range, 1e2147483648)
            // as NumberFormatException: whatever fails while reading the body is the body's fault, never a 500
            throw new InvalidInputException("The request body is not valid JSON: a value in it cannot be read (for "
                    + "example a number whose exponent is out of range).", e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidInputException("The request body must be a JSON object.");
        }
        if (holdsUnpairedSurrogate(object)) {
            // it cannot be stored as UTF-8 without being altered, and nothing is stored altered
            throw new InvalidInputException("The request body holds a string that is not valid Unicode.");
        }
        return object;
    }

    private static boolean holdsUnpairedSurrogate(JsonNode node) {
        if (node.isTextual()) {
            return unpaired(node.textValue());
        }
        java.util.Iterator<java.util.Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            java.util.Map.Entry<String, JsonNode> field = fields.next();
            if (unpaired(field.getKey()) || holdsUnpairedSurrogate(field.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (holdsUnpairedSurrogate(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean unpaired(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
