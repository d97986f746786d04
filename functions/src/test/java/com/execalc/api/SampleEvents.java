package com.execalc.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the sample events in the repository's {@code events/} folder, the same files SAM CLI invokes with. */
final class SampleEvents {

    private static final Path EVENTS = Path.of("..", "events");

    private final ObjectMapper json = new ObjectMapper();

    ObjectNode read(String name) {
        try {
            return (ObjectNode) json.readTree(Files.readString(EVENTS.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] bytes(ObjectNode event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectNode parse(byte[] response) {
        try {
            return (ObjectNode) json.readTree(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
