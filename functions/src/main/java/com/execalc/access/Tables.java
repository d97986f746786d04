package com.execalc.access;

import java.util.Objects;

/**
 * The two tenant tables, by ARN; their names are read from the ARNs.
 *
 * @param dataTableArn  the data table: namespaces, records, executions, policies
 * @param auditTableArn the audit table: insert-only audit events
 */
public record Tables(String dataTableArn, String auditTableArn) {

    public Tables {
        Objects.requireNonNull(dataTableArn, "dataTableArn");
        Objects.requireNonNull(auditTableArn, "auditTableArn");
        nameOf(dataTableArn);
        nameOf(auditTableArn);
    }

    public String dataTable() {
        return nameOf(dataTableArn);
    }

    public String auditTable() {
        return nameOf(auditTableArn);
    }

    private static String nameOf(String arn) {
        int slash = arn.indexOf(":table/");
        if (!arn.startsWith("arn:") || slash < 0 || arn.indexOf('/', slash + 7) >= 0 || arn.length() == slash + 7) {
            throw new IllegalArgumentException("Not a DynamoDB table ARN: " + arn);
        }
        return arn.substring(slash + 7);
    }
}
