package com.execalc.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The data-plane API through the local gateway, against dynalite: what a tenant sees of its own data. */
@ExtendWith(LocalCloudExtension.class)
class DataPlaneApiTest {

    private final ApiClient api;
    private String tenant;
    private String admin;

    DataPlaneApiTest(LocalCloud stack) {
        this.api = new ApiClient(stack.baseUri());
    }

    @BeforeEach
    void registerTenant(RegisteredTenant registered) {
        tenant = registered.id();
        admin = registered.admin();
    }

    private ApiClient.Response put(String path, String body) {
        return api.send("PUT", path, admin, body, Map.of());
    }

    private ApiClient.Response putIfMatch(String path, String body, String version) {
        return api.send("PUT", path, admin, body, Map.of("If-Match", version));
    }

    @Nested
    class Namespaces {

        @Test
        void put_shouldCreateThenReportExisting() {
            ApiClient.Response created = put("/namespaces/orders", null);
            ApiClient.Response again = put("/namespaces/orders", null);

            assertThat(created.status()).isEqualTo(201);
            assertThat(again.status()).isEqualTo(200);
            assertThat(api.get("/namespaces", admin).json().get("items")).hasSize(1);
        }

        @Test
        void get_shouldListTheTenantsNamespacesInNameOrder() {
            put("/namespaces/invoices", null);
            put("/namespaces/orders", null);

            JsonNode items = api.get("/namespaces", admin).json().get("items");

            assertThat(items).extracting(item -> item.get("namespace").asText()).containsExactly("invoices", "orders");
        }

        @Test
        void delete_shouldBe409WhileTheNamespaceHoldsRecords_and204OnceEmpty() {
            put("/namespaces/orders", null);
            put("/namespaces/orders/records/r1", "{\"total\":1}");

            ApiClient.Response whileFull = api.send("DELETE", "/namespaces/orders", admin, null, Map.of());
            api.send("DELETE", "/namespaces/orders/records/r1", admin, null, Map.of());
            ApiClient.Response onceEmpty = api.send("DELETE", "/namespaces/orders", admin, null, Map.of());

            assertThat(whileFull.status()).isEqualTo(409);
            assertThat(whileFull.errorCode()).isEqualTo("NAMESPACE_NOT_EMPTY");
            assertThat(onceEmpty.status()).isEqualTo(204);
            assertThat(api.get("/namespaces", admin).json().get("items")).isEmpty();
        }

        @Test
        void delete_shouldBe404_forANamespaceThatDoesNotExist() {
            assertThat(api.send("DELETE", "/namespaces/nowhere", admin, null, Map.of()).status()).isEqualTo(404);
        }

        @Test
        void invalidNamespaceNames_shouldBe400() {
            for (String invalid : new String[] {"Orders", "-orders", "or%23ders", "or%2Fders", "or*ders",
                    "x".repeat(64), "or%20ders"}) {
                assertThat(put("/namespaces/" + invalid, null).status()).as(invalid).isEqualTo(400);
            }
            assertThat(api.get("/namespaces", admin).json().get("items")).isEmpty();
        }
    }

    @Nested
    class Records {

        @BeforeEach
        void createNamespace() {
            put("/namespaces/orders", null);
        }

        @Test
        void put_shouldCreateVersion1_thenGetShouldReturnIt() {
            ApiClient.Response created = put("/namespaces/orders/records/r1", "{\"total\":12.50,\"items\":[1,2]}");
            ApiClient.Response read = api.get("/namespaces/orders/records/r1", admin);

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("version").asLong()).isEqualTo(1);
            assertThat(created.headers().get("etag")).containsExactly("\"1\"");
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("id").asText()).isEqualTo("r1");
            assertThat(read.json().get("namespace").asText()).isEqualTo("orders");
            assertThat(read.body()).as("numbers keep their exact text").contains("\"data\":{\"total\":12.50,\"items\":[1,2]}");
            assertThat(read.json().get("updatedAt").asText()).isNotBlank();
        }

        @Test
        void put_shouldUpdateAndBumpTheVersion() {
            put("/namespaces/orders/records/r1", "{\"total\":1}");

            ApiClient.Response updated = put("/namespaces/orders/records/r1", "{\"total\":2}");

            assertThat(updated.status()).isEqualTo(200);
            assertThat(updated.json().get("version").asLong()).isEqualTo(2);
            assertThat(api.get("/namespaces/orders/records/r1", admin).json().at("/data/total").asInt()).isEqualTo(2);
        }

        @Test
        void put_shouldHonourIfMatch() {
            put("/namespaces/orders/records/r1", "{\"total\":1}");

            ApiClient.Response stale = putIfMatch("/namespaces/orders/records/r1", "{\"total\":9}", "\"7\"");
            ApiClient.Response current = putIfMatch("/namespaces/orders/records/r1", "{\"total\":2}", "\"1\"");

            assertThat(stale.status()).isEqualTo(412);
            assertThat(stale.errorCode()).isEqualTo("PRECONDITION_FAILED");
            assertThat(current.status()).isEqualTo(200);
            assertThat(api.get("/namespaces/orders/records/r1", admin).json().at("/data/total").asInt()).isEqualTo(2);
        }

        @Test
        void put_shouldBe412_whenIfMatchNamesARecordThatDoesNotExist() {
            assertThat(putIfMatch("/namespaces/orders/records/r9", "{}", "1").status()).isEqualTo(412);
            assertThat(api.get("/namespaces/orders/records/r9", admin).status()).isEqualTo(404);
        }

        @Test
        void put_shouldBe404_inANamespaceThatDoesNotExist() {
            ApiClient.Response response = put("/namespaces/nowhere/records/r1", "{}");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
        }

        @Test
        void put_shouldBe400_andStoreNothing_forBodiesThatAreNotOneJsonObject() {
            for (String body : new String[] {"[1,2]", "42", "\"text\"", "{\"a\":1", "{\"a\":1}{\"b\":2}",
                    "{\"a\":1,\"a\":2}", "", "null"}) {
                ApiClient.Response response = put("/namespaces/orders/records/r1", body.isEmpty() ? null : body);
                assertThat(response.status()).as(body).isEqualTo(400);
                assertThat(response.errorCode()).as(body).isEqualTo("INVALID_REQUEST");
            }
            assertThat(api.get("/namespaces/orders/records/r1", admin).status()).isEqualTo(404);
        }

        @Test
        void put_shouldBe400_forNestingDeeperThan32Levels() {
            String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);

            assertThat(put("/namespaces/orders/records/r1", deep).status()).isEqualTo(400);
        }

        @Test
        void put_shouldBe413_forARecordLargerThan64KiB() {
            String large = "{\"blob\":\"" + "x".repeat(70_000) + "\"}";

            ApiClient.Response response = put("/namespaces/orders/records/r1", large);

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(api.get("/namespaces/orders/records/r1", admin).status()).isEqualTo(404);
        }

        @Test
        void invalidRecordIds_andIfMatchValues_shouldBe400() {
            assertThat(put("/namespaces/orders/records/r%231", "{}").status()).isEqualTo(400);
            assertThat(put("/namespaces/orders/records/" + "r".repeat(129), "{}").status()).isEqualTo(400);
            assertThat(putIfMatch("/namespaces/orders/records/r1", "{}", "abc").status()).isEqualTo(400);
        }

        @Test
        void delete_shouldRemoveTheRecord_andThenBe404() {
            put("/namespaces/orders/records/r1", "{}");

            ApiClient.Response deleted = api.send("DELETE", "/namespaces/orders/records/r1", admin, null, Map.of());
            ApiClient.Response again = api.send("DELETE", "/namespaces/orders/records/r1", admin, null, Map.of());

            assertThat(deleted.status()).isEqualTo(204);
            assertThat(again.status()).isEqualTo(404);
            assertThat(api.get("/namespaces/orders/records/r1", admin).status()).isEqualTo(404);
        }

        @Test
        void delete_shouldBe412_andKeepTheRecord_whenIfMatchIsStale() {
            put("/namespaces/orders/records/r1", "{}");
            put("/namespaces/orders/records/r1", "{\"v\":2}");

            ApiClient.Response stale = api.send("DELETE", "/namespaces/orders/records/r1", admin, null,
                    Map.of("If-Match", "1"));

            assertThat(stale.status()).isEqualTo(412);
            assertThat(api.get("/namespaces/orders/records/r1", admin).json().get("version").asLong()).isEqualTo(2);
        }

        @Test
        void list_shouldPageThroughEveryRecordInIdOrder_withOpaqueCursors() {
            for (int i = 1; i <= 7; i++) {
                put("/namespaces/orders/records/r" + i, "{\"n\":" + i + "}");
            }
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                String path = "/namespaces/orders/records?limit=3" + (cursor == null ? "" : "&cursor=" + cursor);
                JsonNode page = api.get(path, admin).json();
                page.get("items").forEach(item -> seen.add(item.get("id").asText()));
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
                pages++;
            } while (cursor != null && pages < 10);

            assertThat(seen).containsExactly("r1", "r2", "r3", "r4", "r5", "r6", "r7");
            assertThat(pages).isBetween(3, 4);
        }

        @Test
        void list_shouldDefaultTo25_andRefuseLimitsOutside1To100() {
            assertThat(api.get("/namespaces/orders/records", admin).status()).isEqualTo(200);
            for (String limit : new String[] {"0", "101", "-1", "abc", "1.5", ""}) {
                assertThat(api.get("/namespaces/orders/records?limit=" + limit, admin).status()).as(limit)
                        .isEqualTo(400);
            }
        }

        @Test
        void list_shouldBe400_forATamperedCursor() {
            for (int i = 1; i <= 3; i++) {
                put("/namespaces/orders/records/r" + i, "{}");
            }
            String cursor = api.get("/namespaces/orders/records?limit=1", admin).json().get("nextCursor").asText();
            String tampered = (cursor.charAt(0) == 'A' ? "B" : "A") + cursor.substring(1);

            ApiClient.Response response = api.get("/namespaces/orders/records?cursor=" + tampered, admin);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("INVALID_REQUEST");
        }

        @Test
        void list_shouldBe400_forACursorOfAnotherNamespace() {
            put("/namespaces/invoices", null);
            for (int i = 1; i <= 3; i++) {
                put("/namespaces/orders/records/r" + i, "{}");
            }
            String cursor = api.get("/namespaces/orders/records?limit=1", admin).json().get("nextCursor").asText();

            assertThat(api.get("/namespaces/invoices/records?cursor=" + cursor, admin).status()).isEqualTo(400);
        }
    }

    @Nested
    class Roles {

        @BeforeEach
        void createData() {
            put("/namespaces/orders", null);
            put("/namespaces/orders/records/r1", "{}");
        }

        @Test
        void aViewer_shouldReadButNeverWrite() {
            String viewer = api.token(tenant, "victor", "viewer");

            assertThat(api.get("/namespaces", viewer).status()).isEqualTo(200);
            assertThat(api.get("/namespaces/orders/records/r1", viewer).status()).isEqualTo(200);
            assertThat(api.get("/namespaces/orders/records", viewer).status()).isEqualTo(200);
            ApiClient.Response write = api.send("PUT", "/namespaces/orders/records/r1", viewer, "{\"x\":1}", Map.of());
            assertThat(write.status()).isEqualTo(403);
            assertThat(write.errorCode()).isEqualTo("FORBIDDEN");
            assertThat(api.send("DELETE", "/namespaces/orders/records/r1", viewer, null, Map.of()).status())
                    .isEqualTo(403);
            assertThat(api.send("PUT", "/namespaces/more", viewer, null, Map.of()).status()).isEqualTo(403);
            assertThat(api.send("DELETE", "/namespaces/orders", viewer, null, Map.of()).status()).isEqualTo(403);
            assertThat(api.get("/namespaces/orders/records/r1", admin).json().get("version").asLong()).isEqualTo(1);
        }

        @Test
        void anOperator_shouldReadAndWrite() {
            String operator = api.token(tenant, "olga", "operator");

            assertThat(api.send("PUT", "/namespaces/orders/records/r2", operator, "{}", Map.of()).status())
                    .isEqualTo(201);
            assertThat(api.send("DELETE", "/namespaces/orders/records/r2", operator, null, Map.of()).status())
                    .isEqualTo(204);
        }
    }
}
