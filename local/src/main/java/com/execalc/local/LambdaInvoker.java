package com.execalc.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Invokes a function in process, as Lambda would: the event as JSON bytes in, the answer as JSON bytes out. */
final class LambdaInvoker {

    private final ObjectMapper json;

    LambdaInvoker(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The function's answer to {@code event}.
     *
     * @throws RuntimeException whatever the function throws, or when its answer is not JSON
     */
    JsonNode invoke(RequestStreamHandler function, JsonNode event, Context lambda) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            function.handleRequest(new ByteArrayInputStream(json.writeValueAsBytes(event)), out, lambda);
            return json.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("A function wrote an unreadable response", e);
        }
    }
}
