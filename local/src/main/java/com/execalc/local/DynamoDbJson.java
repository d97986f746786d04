package com.execalc.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Base64;
import java.util.Map;

/** Items as DynamoDB streams spell them: {@code {"pk":{"S":"acme"},"outcome":{"N":"200"}}}. */
final class DynamoDbJson {

    private DynamoDbJson() {
    }

    static ObjectNode image(Map<String, AttributeValue> item, ObjectMapper json) {
        ObjectNode image = json.createObjectNode();
        item.forEach((name, value) -> image.set(name, value(value, json)));
        return image;
    }

    private static ObjectNode value(AttributeValue value, ObjectMapper json) {
        ObjectNode typed = json.createObjectNode();
        switch (value.type()) {
            case S -> typed.put("S", value.s());
            case N -> typed.put("N", value.n());
            case BOOL -> typed.put("BOOL", value.bool());
            case NUL -> typed.put("NULL", true);
            case B -> typed.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case M -> typed.set("M", image(value.m(), json));
            case L -> {
                ArrayNode list = typed.putArray("L");
                value.l().forEach(element -> list.add(value(element, json)));
            }
            case SS -> {
                ArrayNode set = typed.putArray("SS");
                value.ss().forEach(set::add);
            }
            case NS -> {
                ArrayNode set = typed.putArray("NS");
                value.ns().forEach(set::add);
            }
            default -> throw new IllegalArgumentException("Unsupported attribute type " + value.type());
        }
        return typed;
    }
}
