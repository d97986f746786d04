package com.execalc.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The three tables: keys as the access package designs them, and nothing lost by accident. */
class DataTablesTest {

    private static final List<String> TABLES = List.of("TenantRegistryTable", "TenantDataTable", "AuditTable");

    private final Synthesized app = Synthesized.defaults();

    @Test
    void everyTable_shouldBeOnDemand_encrypted_andRecoverableToAnyPointInTime() {
        for (String table : TABLES) {
            JsonNode properties = app.properties(table);
            assertThat(properties.path("BillingMode").asText()).as(table).isEqualTo("PAY_PER_REQUEST");
            assertThat(properties.at("/SSESpecification/SSEEnabled").asBoolean()).as(table).isTrue();
            assertThat(properties.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean())
                    .as(table).isTrue();
        }
    }

    @Test
    void everyTable_shouldBeProtectedFromDeletion_andKeptWhenTheStackIsDeleted() {
        for (String table : TABLES) {
            JsonNode resource = app.json().at("/Resources/" + table);
            assertThat(resource.at("/Properties/DeletionProtectionEnabled").asBoolean()).as(table).isTrue();
            assertThat(resource.path("DeletionPolicy").asText()).as(table).isEqualTo("Retain");
            assertThat(resource.path("UpdateReplacePolicy").asText()).as(table).isEqualTo("Retain");
        }
    }

    @Test
    void theRegistry_shouldBeKeyedByTenantId() {
        assertThat(app.properties("TenantRegistryTable").path("KeySchema").toString())
                .isEqualTo("[{\"AttributeName\":\"tenantId\",\"KeyType\":\"HASH\"}]");
    }

    @Test
    void theTenantTables_shouldBeKeyedByATenantLedPartitionKeyAndASortKey() {
        for (String table : List.of("TenantDataTable", "AuditTable")) {
            assertThat(app.properties(table).path("KeySchema").toString()).as(table).isEqualTo(
                    "[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}]");
        }
    }

    @Test
    void theAuditTable_shouldExpireEventsByExpiresAt_andStreamNewEventsToTheShipper() {
        JsonNode audit = app.properties("AuditTable");

        assertThat(audit.path("TimeToLiveSpecification").toString())
                .isEqualTo("{\"AttributeName\":\"expiresAt\",\"Enabled\":true}");
        assertThat(audit.at("/StreamSpecification/StreamViewType").asText()).isEqualTo("NEW_IMAGE");
    }

    @Test
    void noTenantTable_shouldHaveASecondaryIndex_thatAQueryCouldReachAcrossTenants() {
        for (String table : TABLES) {
            if (!table.equals("TenantRegistryTable")) {
                assertThat(app.properties(table).has("GlobalSecondaryIndexes")).as(table).isFalse();
            }
            assertThat(app.properties(table).has("LocalSecondaryIndexes")).as(table).isFalse();
        }
        assertThat(app.resources("AWS::DynamoDB::Table")).hasSize(3).containsOnlyKeys(TABLES);
    }

    /** Platform data only: tenant ids, shard counts and registration times, which the audit digester pages through. */
    @Test
    void theRegistry_shouldHaveOnlyItsDirectoryIndex() {
        assertThat(app.properties("TenantRegistryTable").path("GlobalSecondaryIndexes"))
                .extracting(index -> index.path("IndexName").asText())
                .containsExactly(com.execalc.controlplane.TenantRegistry.DIRECTORY_INDEX);
    }
}
