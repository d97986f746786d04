package com.execalc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP client that answers DynamoDB's JSON protocol from memory with fixed answers, so that a benchmark measures a
 * request's whole path through a function (the SDK's marshalling, signing and interceptors included) without any I/O:
 * every namespace exists and is active, every record exists at version 1, nothing else is stored (no tenant policy), and
 * every write succeeds. Benchmark code only: the answers are the same for every request, whatever it wrote before.
 */
final class InMemoryDynamoDbHttp implements SdkHttpClient {

    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_ITEMS = "{\"Count\":0,\"ScannedCount\":0,\"Items\":[]}"
            .getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
                byte[] answer = answer(target.substring(target.indexOf('.') + 1), body(request));
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", Integer.toString(answer.length)).build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private byte[] answer(String operation, JsonNode body) {
        return switch (operation) {
            case "GetItem" -> item(body.path("Key"));
            case "Query" -> NO_ITEMS;
            case "PutItem", "UpdateItem", "DeleteItem" -> EMPTY;
            default -> throw new IllegalArgumentException("No fixed answer for " + operation);
        };
    }

    private static byte[] item(JsonNode key) {
        String pk = key.path("pk").path("S").asText();
        String sk = key.path("sk").path("S").asText();
        String item;
        if (sk.startsWith("NS#")) {
            item = "{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":\"" + sk + "\"},\"namespace\":{\"S\":\""
                    + sk.substring(3) + "\"},\"state\":{\"S\":\"ACTIVE\"},\"createdAt\":{\"S\":\"2026-11-27T10:00:00Z\"},"
                    + "\"auditEventId\":{\"S\":\"01KBENCH000000000000000000\"}}";
        } else if (sk.startsWith("REC#")) {
            String namespace = pk.substring(pk.indexOf('#') + 1);
            item = "{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":\"" + sk + "\"},\"namespace\":{\"S\":\"" + namespace
                    + "\"},\"id\":{\"S\":\"" + sk.substring(4) + "\"},\"version\":{\"N\":\"1\"},"
                    + "\"createdAt\":{\"S\":\"2026-11-27T10:00:00Z\"},\"updatedAt\":{\"S\":\"2026-11-27T10:00:00Z\"},"
                    + "\"data\":{\"S\":\"{\\\"customer\\\":\\\"c-42\\\",\\\"total\\\":129.9}\"},"
                    + "\"auditEventId\":{\"S\":\"01KBENCH000000000000000000\"}}";
        } else {
            return EMPTY;
        }
        return ("{\"Item\":" + item + "}").getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode body(HttpExecuteRequest request) {
        try (InputStream in = request.contentStreamProvider().orElseThrow().newStream()) {
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
    }
}
