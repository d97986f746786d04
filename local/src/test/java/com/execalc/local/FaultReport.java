package com.execalc.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code faults} section of the isolation report ({@link IsolationReport.Section#FAULTS}): one table row per
 * injected fault, written by the fault suites. Each suite replaces its own rows (by their number) and keeps the
 * others' that this {@code target/} already holds, so that running one suite after a full run leaves the rest of the
 * table as that run wrote it. Rows hold counts and statuses only, never timings or ids.
 */
final class FaultReport {

    private static final String HEADER = """
            Faults are injected by killing dynalite (on disk) under load, or by `FaultProxy`, a small HTTP proxy between \
            the functions and dynalite (their `EXECALC_DYNAMODB_ENDPOINT`) that answers DynamoDB throttling or server \
            errors, holds calls past the SDK's 2 s attempt timeout, or forwards a write and then loses its response. \
            The SDK makes at most 3 attempts per call within a 6 s call timeout (`AwsClients`). Suites: \
            `DynaliteCrashTest`, `DynamoDbThrottlingTest`, `StuckAuditWriteTest`, `LostWriteResponseTest`.

            | # | Fault | Requests | Statuses observed | Invariants checked | Result |
            |---|---|---|---|---|---|""";
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+(?:\\.\\d+)*) \\|.*$", Pattern.MULTILINE);

    private FaultReport() {
    }

    /**
     * Writes (or replaces) rows of the table.
     *
     * @param rows each row's cells, the first one being its number, e.g. {@code "2.1"}
     */
    static synchronized void rows(List<List<String>> rows) {
        Map<String, String> table = new TreeMap<>(FaultReport::compareNumbers);
        table.putAll(existingRows());
        for (List<String> row : rows) {
            table.put(row.get(0), "| " + String.join(" | ", row.stream().map(FaultReport::cell).toList()) + " |");
        }
        IsolationReport.section(IsolationReport.Section.FAULTS, HEADER + "\n" + String.join("\n", table.values()));
    }

    /** One row. */
    static List<String> row(String number, String fault, String requests, String statuses, String invariants,
                            String result) {
        return List.of(number, fault, requests, statuses, invariants, result);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static Map<String, String> existingRows() {
        Map<String, String> rows = new TreeMap<>(FaultReport::compareNumbers);
        IsolationReport.read(IsolationReport.Section.FAULTS).ifPresent(text -> {
            Matcher row = ROW.matcher(text);
            while (row.find()) {
                rows.put(row.group(1), row.group(0));
            }
        });
        return rows;
    }

    private static int compareNumbers(String a, String b) {
        int[] left = Arrays.stream(a.split("\\.")).mapToInt(Integer::parseInt).toArray();
        int[] right = Arrays.stream(b.split("\\.")).mapToInt(Integer::parseInt).toArray();
        return Arrays.compare(left, right);
    }

    /** Collects the rows of one suite and writes them together. */
    static final class Rows {
        private final List<List<String>> rows = new ArrayList<>();

        synchronized void add(String number, String fault, String requests, String statuses, String invariants,
                              String result) {
            rows.removeIf(row -> row.get(0).equals(number));
            rows.add(row(number, fault, requests, statuses, invariants, result));
        }

        /** Writes the rows collected so far, if any: a suite whose tests all failed leaves the table as it was. */
        synchronized void write() {
            if (!rows.isEmpty()) {
                FaultReport.rows(rows);
            }
        }
    }
}
