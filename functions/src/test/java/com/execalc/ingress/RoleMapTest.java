package com.execalc.ingress;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleMapTest {

    @Test
    void roleOf_shouldMapOnlyTheValuesTheMapNames() {
        RoleMap map = RoleMap.parse("Execalc-Admins=admin,Readers=viewer, Ops = platform-admin");

        assertThat(map.roleOf("Execalc-Admins")).contains("admin");
        assertThat(map.roleOf("Ops")).contains("platform-admin");
        assertThat(map.roleOf("admin")).as("an Execalc name the map does not list").isEmpty();
    }

    @Test
    void roleOf_shouldReadValuesAsExecalcNames_whenTheMapIsEmpty() {
        assertThat(RoleMap.parse("").roleOf("admin")).contains("admin");
        assertThat(RoleMap.identity().roleOf("Execalc-Admins")).contains("Execalc-Admins");
    }

    @Test
    void parse_shouldSplitAtTheLastEquals_soValuesMayHoldOne() {
        assertThat(RoleMap.parse("scope=a=viewer").roleOf("scope=a")).contains("viewer");
    }

    @Test
    void parse_shouldRefuseEntriesWithoutARoleOrWithAnUnknownOneOrTwice() {
        for (String invalid : List.of("Admins", "Admins=root", "=admin", "A=admin,A=viewer", "A=admin,")) {
            assertThatThrownBy(() -> RoleMap.parse(invalid)).as(invalid).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
