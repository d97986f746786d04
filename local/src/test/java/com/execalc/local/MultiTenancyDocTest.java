package com.execalc.local;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/MULTI-TENANCY.md} keeps up with the multi-tenancy model and with the code: one row per rule of the model,
 * each saying where the rule is enforced and which tests prove it, and every class and test it names exists.
 */
class MultiTenancyDocTest {

    /**
     * The rules of the multi-tenancy model (Execalc Cloud v1), numbered by section and position, as each row of the page
     * opens. A rule added to the model is added here first; the page then fails this test until it has its row.
     */
    private static final List<String> MODEL_RULES = List.of(
            "1.1 A tenant is the highest isolation boundary.",
            "1.2 A tenant may represent an organization, a firm or a client account.",
            "1.3 Tenants are first-class entities and are never implicit.",
            "2.1 Every request must resolve to exactly one tenant.",
            "2.2 Tenant identity is resolved at ingress.",
            "2.3 No anonymous or multi-tenant execution contexts are permitted.",
            "2.4 Tenant identity is immutable for the lifetime of a request.",
            "3.1 No shared data stores without explicit tenant partitioning.",
            "3.2 No shared execution state.",
            "3.3 No shared memory.",
            "3.4 No cross-tenant inference or leakage.",
            "3.5 Isolation is enforced by design, not by convention.",
            "4.1 All persisted data is tenant-scoped.",
            "4.2 All governance decisions are tenant-aware.",
            "4.3 All audit logs are tenant-scoped.",
            "4.4 Namespaces may exist within a tenant, but never across tenants.",
            "5.1 Governance invariants apply globally.",
            "5.2 Governance enforcement occurs per tenant.",
            "5.3 Tenant-specific policies may restrict behavior further, but never loosen global constraints.",
            "5.4 No tenant may override Cloud v1 governance invariants.",
            "6.1 Execution contexts are created per request, per tenant.",
            "6.2 Execution contexts are destroyed after request completion.",
            "6.3 No execution context persists across tenants or requests.",
            "7.1 All audit trails are tenant-segregated.",
            "7.2 Operators may only view audit data for their own tenant.",
            "7.3 Cross-tenant observability is prohibited.",
            "8.1 No shared \"global\" tenant execution.",
            "8.2 No soft isolation via naming conventions.",
            "8.3 No post-hoc data filtering for isolation.",
            "8.4 No cross-tenant optimization or learning.",
            "9.1 Tenant identity is mandatory.",
            "9.2 Isolation is absolute.",
            "9.3 No execution without tenant context.",
            "9.4 No data without tenant ownership.");

    private static final Pattern RULE_ROW = Pattern.compile("^\\| (\\d\\.\\d .*)$");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    /** A class name (not a constant such as {@code ACTIVE}), optionally with a test method. */
    private static final Pattern NAMED = Pattern.compile("[A-Z][a-z][A-Za-z0-9]*(#[A-Za-z0-9_]+)?");

    /** A row of the page: the rule, what it means here, where it is enforced, which tests prove it. */
    private record Row(String rule, String meaning, String enforcedBy, String provedBy) {
    }

    private static List<Row> rows;
    private static RepositorySources sources;

    @BeforeAll
    static void readThePage() throws IOException {
        Path root = RepositoryRoot.find();
        rows = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("docs/MULTI-TENANCY.md"))) {
            Matcher row = RULE_ROW.matcher(line);
            if (row.matches()) {
                String[] cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1))
                        .map(String::strip).toArray(String[]::new);
                assertThat(cells).as("the cells of %s", line).hasSize(4);
                rows.add(new Row(cells[0], cells[1], cells[2], cells[3]));
            }
        }
        sources = RepositorySources.of(root);
    }

    @Test
    void everyRuleOfTheModel_shouldHaveExactlyOneRow() {
        for (String rule : MODEL_RULES) {
            assertThat(rows).as("rows for rule %s", rule).filteredOn(row -> row.rule().equals(rule)).hasSize(1);
        }
    }

    @Test
    void everyRow_shouldBeARuleOfTheModel_inTheModelsOrder() {
        assertThat(rows).extracting(Row::rule).containsExactlyElementsOf(MODEL_RULES);
    }

    @Test
    void everyRow_shouldSayWhatTheRuleMeans_whereItIsEnforced_andWhichTestsProveIt() {
        for (Row row : rows) {
            assertThat(row.meaning()).as("what rule %s means here", row.rule()).isNotBlank();
            assertThat(named(row.enforcedBy())).as("where rule %s is enforced", row.rule())
                    .isNotEmpty().noneMatch(name -> name.contains("#"));
            assertThat(named(row.provedBy())).as("the tests of rule %s", row.rule())
                    .isNotEmpty().allMatch(name -> name.contains("#"));
        }
    }

    @Test
    void everyClassNamed_shouldExistInTheRepository() {
        for (Row row : rows) {
            for (String name : named(row.enforcedBy() + " " + row.provedBy())) {
                String type = name.contains("#") ? name.substring(0, name.indexOf('#')) : name;
                assertThat(sources.hasClass(type)).as("rule %s names class %s", row.rule(), type).isTrue();
            }
        }
    }

    @Test
    void everyTestNamed_shouldExist_asATestMethodOfThatTestClass() {
        for (Row row : rows) {
            for (String test : named(row.provedBy())) {
                String[] parts = test.split("#");
                assertThat(sources.hasTest(parts[0], parts[1])).as("rule %s names test %s", row.rule(), test)
                        .isTrue();
            }
        }
    }

    /** The class and test names in a cell's code spans. */
    private static List<String> named(String cell) {
        List<String> names = new ArrayList<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            if (NAMED.matcher(code.group(1)).matches()) {
                names.add(code.group(1));
            }
        }
        return names;
    }
}
