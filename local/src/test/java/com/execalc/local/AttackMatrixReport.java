package com.execalc.local;

import com.execalc.local.AttackDsl.Answer;
import com.execalc.local.AttackDsl.Attempt;
import com.execalc.local.AttackDsl.Placeholders;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** The attack matrix's section of the isolation report: what was tried, and every attempt's cell. */
final class AttackMatrixReport {

    /** The routes in the order of the README's table. */
    static final List<String> ROUTE_ORDER = List.of("GET /me", "GET /namespaces", "PUT /namespaces/{ns}",
            "DELETE /namespaces/{ns}", "GET /namespaces/{ns}/records", "PUT /namespaces/{ns}/records/{id}",
            "GET /namespaces/{ns}/records/{id}", "DELETE /namespaces/{ns}/records/{id}",
            "POST /namespaces/{ns}/executions", "GET /namespaces/{ns}/executions",
            "GET /namespaces/{ns}/executions/{id}", "POST /namespaces/{ns}/executions/{id}/reviews",
            "GET /governance/policy", "PUT /governance/policy", "GET /audit", "GET /audit/digests",
            "GET /audit/signing-key", "GET /export", "POST /tenants/{tenantId}/offboard",
            "POST /tenants/{tenantId}/purge", "GET /tenants/{tenantId}/usage");

    private AttackMatrixReport() {
    }

    /**
     * The section.
     *
     * @param whileAHeldData the answer to each attempt while A held its data, in the order of {@code attempts}
     * @param passed         whether each attempt's cell passed: both answers documented and equal, nothing leaked
     * @param requestsOfB    every request B made in the scenario, set-up included
     */
    static String markdown(List<Attempt> attempts, List<Answer> whileAHeldData, List<Boolean> passed,
                           int requestsOfB, Placeholders placeholders) {
        List<Integer> order = IntStream.range(0, attempts.size()).boxed()
                .sorted(Comparator.comparing(i -> ROUTE_ORDER.indexOf(attempts.get(i).route()))).toList();
        long cellsPassed = passed.stream().filter(Boolean::booleanValue).count();
        long routes = attempts.stream().map(Attempt::route).distinct().count();
        long roles = attempts.stream().map(attempt -> attempt.member().role()).distinct().count();
        long refused = whileAHeldData.stream().filter(answer -> answer.status() >= 400).count();
        StringBuilder md = new StringBuilder();
        md.append("Written by `CrossTenantIsolationTest`. Three tenants hold data: A (the victim: namespaces, records at ")
                .append("versions 1 and 2, two executions, its policy at version 3), B (the attacker, with data of its ")
                .append("own) and C (a bystander). B's viewer, operator and admin make **").append(attempts.size())
                .append(" attempts** on **").append(routes).append(" routes** (").append(roles).append(" roles), each ")
                .append("naming A's resources one way: A's namespace names, record ids, record versions and ETags in ")
                .append("`If-Match`, record and audit cursors, execution ids, policy versions, A's actors and request ")
                .append("ids as audit ")
                .append("filters, A's tenant id in a header, a query parameter or a body field, and A's partition ")
                .append("and sort keys as ids. Each attempt is made twice: while A holds nothing (A's execution ids ")
                .append("and ETags then being ids never issued) and while A holds its data; the two answers must be ")
                .append("identical (request ids and B's own timestamps, execution ids and ETags masked), so B cannot ")
                .append("tell whether A exists. **").append(cellsPassed).append(" of ").append(attempts.size())
                .append(" cells passed**: ")
                .append("the documented answer in both passes, the same answer in both, and neither A's nor C's data ")
                .append("in any answer. Afterwards A's and C's partitions (read with Query) and audit partitions are ")
                .append("unchanged, every one of B's ").append(requestsOfB)
                .append(" requests has exactly one event in B's own partition (").append(refused * 2)
                .append(" of them refused, every 403 as a DENY) and none in A's or C's. Observed is the answer while ")
                .append("A holds data. `{A}` and `{B}` stand for the tenants' ids.\n\n");
        md.append("| route | attempt | expected | observed |\n|---|---|---|---|\n");
        for (int i : order) {
            Attempt attempt = attempts.get(i);
            Answer answer = whileAHeldData.get(i);
            String observed = answer.status() + (answer.status() >= 400 ? " " + answer.body().at("/error/code").asText()
                    : "");
            md.append("| `").append(attempt.route()).append("` | ")
                    .append(attempt.member()).append(" ").append(cell(request(attempt))).append(" | ")
                    .append(attempt.expected().describe(placeholders)).append(" | ")
                    .append(observed).append(passed.get(i) ? "" : " **FAILED**").append(" |\n");
        }
        return md.toString();
    }

    /** The attempt without its member: the request, headers and body. */
    private static String request(Attempt attempt) {
        String label = attempt.label();
        return label.substring(label.indexOf(' ') + 1);
    }

    private static String cell(String text) {
        String shortened = text.length() <= 200 ? text : text.substring(0, 200) + "...";
        return "`" + shortened.replace("|", "\\|").replace("`", "'") + "`";
    }
}
