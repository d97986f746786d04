package com.execalc.local;

import com.execalc.local.AttackDsl.Attempt;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The attack matrix as data, before any of it is sent: what it covers, and that it is well formed. */
class AttackMatrixTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}\"]*[ A-Z][^{}\"]*}");

    private static List<Attempt> all() {
        return Stream.concat(AttackMatrix.naming().stream(), AttackMatrix.withCursorsOfA().stream()).toList();
    }

    @Test
    void everyTenantRoute_shouldBeAttempted_byEveryRole() {
        Map<String, Set<String>> rolesByRoute = new TreeMap<>();
        all().forEach(attempt -> rolesByRoute.computeIfAbsent(attempt.route(), k -> new TreeSet<>())
                .add(attempt.member().role()));

        // every tenant route, and the three lifecycle routes of the control plane that name a tenant by path
        assertThat(rolesByRoute).hasSize(21);
        rolesByRoute.forEach((route, roles) -> assertThat(roles).as(route)
                .containsExactlyInAnyOrder("viewer", "operator", "admin"));
    }

    @Test
    void everyAttempt_shouldReachARouteOfTheApi_inTheReportsOrder() {
        assertThat(all()).allSatisfy(attempt -> assertThat(AttackMatrixReport.ROUTE_ORDER).as(attempt.label())
                .contains(attempt.route()));
    }

    @Test
    void everyAttempt_shouldBeMadeByAMemberOfB() {
        assertThat(all()).extracting(Attempt::member).allMatch(AttackMatrix.MEMBERS_OF_B::contains);
    }

    @Test
    void everyPlaceholderTheMatrixUses_shouldBeOneTheScenarioDefines() {
        Set<String> used = new TreeSet<>();
        for (Attempt attempt : all()) {
            String text = attempt.path() + " " + attempt.body() + " " + attempt.headers().values() + " "
                    + attempt.expected().bodyTemplate();
            Matcher placeholder = PLACEHOLDER.matcher(text.replace(ExecutionApiTest.SUPPLIER_MODEL, ""));
            while (placeholder.find()) {
                used.add(placeholder.group());
            }
        }

        assertThat(used).isNotEmpty().isSubsetOf(AttackMatrix.PLACEHOLDERS);
        assertThat(used).contains(AttackMatrix.A, AttackMatrix.ORDERS_CURSOR, AttackMatrix.EXECUTION_1,
                AttackMatrix.ETAG_OF_ORD_1, AttackMatrix.ETAG_OF_SECRET_1);
    }

    @Test
    void theCursorAttempts_shouldBeTheOnlyOnesThatUseACursorOfA() {
        List<String> cursors = List.of(AttackMatrix.ORDERS_CURSOR, AttackMatrix.PRIVATE_CURSOR,
                AttackMatrix.AUDIT_CURSOR, AttackMatrix.EXPORT_CURSOR);

        assertThat(AttackMatrix.naming()).noneMatch(attempt -> cursors.stream().anyMatch(attempt.path()::contains));
        assertThat(AttackMatrix.withCursorsOfA()).allMatch(attempt -> cursors.stream()
                .anyMatch(attempt.path()::contains));
    }

    @Test
    void everySuccessfulAttempt_shouldDocumentItsWholeBody_andEveryFailureItsErrorCode() {
        assertThat(all()).allSatisfy(attempt -> {
            if (attempt.expected().status() < 400) {
                assertThat(attempt.expected().errorCode()).as(attempt.label()).isNull();
                assertThat(attempt.expected().bodyTemplate() != null || attempt.expected().status() == 204)
                        .as(attempt.label()).isTrue();
            } else {
                assertThat(attempt.expected().errorCode()).as(attempt.label()).isNotBlank();
            }
        });
    }

    @Test
    void theMatrix_shouldHoldTheSameAttempts_eachTimeItIsRead() {
        assertThat(all()).hasSize(207).isEqualTo(all());
    }
}
