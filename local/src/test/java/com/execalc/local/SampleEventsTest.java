package com.execalc.local;

import com.execalc.api.TenantApiHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample events in {@code events/} (the ones SAM CLI invokes the functions with) drive the tenant API handler
 * directly, the way Lambda invokes it in tenant-isolation mode, against dynalite.
 */
@ExtendWith(LocalCloudExtension.class)
class SampleEventsTest {

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode invoke(TenantApiHandler handler, String event) throws IOException {
        Path file = RepositoryRoot.find().resolve("events").resolve(event);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(file)) {
            handler.handleRequest(in, out, new LocalLambdaContext("sam-" + event, "tenant-api", "acme"));
        }
        return json.readTree(out.toByteArray());
    }

    @Test
    void theTenantApiEvents_shouldRunInOrder_asARecordsLifecycle(LocalCloud stack) throws IOException {
        TenantApiHandler handler = new TenantApiHandler(stack.functionConfiguration());

        JsonNode namespace = invoke(handler, "tenant-api-put-namespace.json");
        JsonNode put = invoke(handler, "tenant-api-put-record.json");
        JsonNode get = invoke(handler, "tenant-api-get-record.json");
        JsonNode list = invoke(handler, "tenant-api-list-records.json");
        JsonNode delete = invoke(handler, "tenant-api-delete-record.json");
        JsonNode me = invoke(handler, "tenant-api-get-me.json");

        assertThat(namespace.get("statusCode").asInt()).isIn(200, 201);
        assertThat(put.get("statusCode").asInt()).isEqualTo(201);
        assertThat(get.get("statusCode").asInt()).isEqualTo(200);
        assertThat(json.readTree(get.get("body").asText()).at("/data/customer").asText()).isEqualTo("c-42");
        assertThat(json.readTree(list.get("body").asText()).get("items")).hasSize(1);
        assertThat(delete.get("statusCode").asInt()).isEqualTo(204);
        assertThat(json.readTree(me.get("body").asText()).get("tenantId").asText()).isEqualTo("acme");
    }
}
