package com.execalc.export;

import com.execalc.access.TenantDynamoDb;
import com.execalc.data.NamespaceNotFoundException;
import com.execalc.data.Namespaces;
import com.execalc.data.Records;
import com.execalc.execution.Execution;
import com.execalc.execution.Executions;
import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.NamespaceId;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the tenant's export a page at a time ({@link com.execalc.export package documentation}): the policy, the
 * namespaces, then each namespace's records and executions.
 */
public final class TenantExport {

    /** Where the export is: what is read next. */
    public enum Phase {
        POLICY,
        NAMESPACES,
        RECORDS,
        EXECUTIONS
    }

    /**
     * A position in the export.
     *
     * @param phase     what is read next
     * @param namespace the namespace being read (RECORDS, EXECUTIONS), or the last one listed (NAMESPACES); else null
     * @param after     the last sort key read in that namespace's phase, or null from its start
     */
    public record Position(Phase phase, NamespaceId namespace, String after) {

        private static final char SEPARATOR = '|';

        public Position {
            Objects.requireNonNull(phase, "phase");
            if ((phase == Phase.RECORDS || phase == Phase.EXECUTIONS) && namespace == null) {
                throw new IllegalArgumentException(phase + " is read in a namespace");
            }
            if (phase == Phase.POLICY && (namespace != null || after != null)) {
                throw new IllegalArgumentException("The policy is read once");
            }
        }

        /** The export's start. */
        public static Position start() {
            return new Position(Phase.POLICY, null, null);
        }

        /** The position's text, {@code <phase>|<namespace>|<after>}, for a sealed cursor. */
        public String wireForm() {
            return phase.name() + SEPARATOR + (namespace == null ? "" : namespace.value()) + SEPARATOR
                    + (after == null ? "" : after);
        }

        /** @throws InvalidInputException when the text is no position this class wrote */
        public static Position parse(String wire) {
            String[] parts = wire.split("\\|", 3);
            try {
                if (parts.length != 3) {
                    throw new IllegalArgumentException("three parts");
                }
                Phase phase = Phase.valueOf(parts[0]);
                NamespaceId namespace = parts[1].isEmpty() ? null : NamespaceId.of(parts[1]);
                String after = parts[2].isEmpty() ? null : parts[2];
                if (after != null && (phase == Phase.RECORDS && !Records.isRecordSortKey(after)
                        || phase == Phase.EXECUTIONS && !Executions.isExecutionSortKey(after)
                        || phase == Phase.NAMESPACES)) {
                    throw new IllegalArgumentException("a sort key of another phase");
                }
                return new Position(phase, namespace, after);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("The cursor is not valid for this listing.", e);
            }
        }
    }

    /** One item of the export, in the shape of the route that reads it. */
    public sealed interface Item {
        /** The tenant's policy, as {@code GET /governance/policy} reads it (the request already read it). */
        record Policy() implements Item {
        }

        record Namespace(Namespaces.NamespaceView namespace) implements Item {
        }

        record Record(Records.StoredRecord record) implements Item {
        }

        record ExecutionItem(Execution execution) implements Item {
        }
    }

    /** A page; {@code next} is where the next page starts, or null when the export is complete. */
    public record Page(List<Item> items, Position next) {
        public Page {
            items = List.copyOf(items);
        }
    }

    private final Namespaces namespaces;
    private final Records records;
    private final Executions executions;

    public TenantExport(Namespaces namespaces, Records records, Executions executions) {
        this.namespaces = namespaces;
        this.records = records;
        this.executions = executions;
    }

    /** Up to {@code limit} items from {@code from} on. */
    public Page page(TenantDynamoDb db, Position from, int limit) {
        List<Item> items = new ArrayList<>();
        Position at = from;
        while (at != null && items.size() < limit) {
            int room = limit - items.size();
            at = switch (at.phase()) {
                case POLICY -> {
                    items.add(new Item.Policy());
                    yield new Position(Phase.NAMESPACES, null, null);
                }
                case NAMESPACES -> {
                    List<Namespaces.NamespaceView> listed = namespaces.listAfter(db, at.namespace(), room);
                    listed.forEach(namespace -> items.add(new Item.Namespace(namespace)));
                    yield listed.size() == room ? new Position(Phase.NAMESPACES,
                            listed.get(listed.size() - 1).namespace(), null) : firstNamespaceAfter(db, null);
                }
                case RECORDS -> records(db, at, room, items);
                case EXECUTIONS -> executions(db, at, room, items);
            };
        }
        return new Page(items, at);
    }

    private Position records(TenantDynamoDb db, Position at, int room, List<Item> items) {
        Records.Page page;
        try {
            page = records.list(db, at.namespace(), room, at.after());
        } catch (NamespaceNotFoundException deletedMeanwhile) {
            return firstNamespaceAfter(db, at.namespace());
        }
        page.records().forEach(record -> items.add(new Item.Record(record)));
        return page.lastSortKey() == null ? new Position(Phase.EXECUTIONS, at.namespace(), null)
                : new Position(Phase.RECORDS, at.namespace(), page.lastSortKey());
    }

    private Position executions(TenantDynamoDb db, Position at, int room, List<Item> items) {
        Executions.Page page;
        try {
            page = executions.list(db, at.namespace(), null, room, at.after());
        } catch (NamespaceNotFoundException deletedMeanwhile) {
            return firstNamespaceAfter(db, at.namespace());
        }
        page.executions().forEach(execution -> items.add(new Item.ExecutionItem(execution)));
        return page.lastSortKey() == null ? firstNamespaceAfter(db, at.namespace())
                : new Position(Phase.EXECUTIONS, at.namespace(), page.lastSortKey());
    }

    /** The records of the namespace after {@code after} (the first when null), or null when there is none. */
    private Position firstNamespaceAfter(TenantDynamoDb db, NamespaceId after) {
        List<Namespaces.NamespaceView> next = namespaces.listAfter(db, after, 1);
        return next.isEmpty() ? null : new Position(Phase.RECORDS, next.get(0).namespace(), null);
    }
}
