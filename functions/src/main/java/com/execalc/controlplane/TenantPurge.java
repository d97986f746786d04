package com.execalc.controlplane;

import com.execalc.access.Condition;
import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantKeys;
import com.execalc.access.TenantTable;
import com.execalc.governance.Permit;
import com.execalc.tenancy.NamespaceId;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deletes one tenant's data items, with that tenant's own data access (its session policy, its key guard): every item
 * of each namespace partition, then the tenant partition (namespaces, slots, policy). The audit table is never touched:
 * the trail outlives the tenant until its retention ends.
 *
 * <p>Resumable and idempotent by construction: nothing remembers progress, each round re-queries what is left, and the
 * order keeps every partition findable until it is empty. A namespace's partition is emptied before its namespace item
 * is deleted, the namespace items before the slots item, and each batch holds one partition's items only; the
 * partitions are found from the tenant's namespace items and from its slots (which also name a namespace whose item a
 * create never wrote). A round that is cut short (a fault, a timeout) leaves a state from which the next finishes.
 *
 * <p>A round first plans, reading keys only (a projection of the key), then deletes exactly what it planned, in
 * batches of {@value TenantDynamoDb#MAX_BATCH}: so the purge's audit event, written between the two, names what the
 * round deletes.
 */
public final class TenantPurge {

    /** What one round deletes at most: about 200 batch calls, a few seconds of a control-plane invocation. */
    public static final int DEFAULT_ROUND_ITEMS = 5_000;

    private static final int PAGE = 1_000;
    private static final String NAMESPACE = "namespace";
    private static final String SLOTS = "slots";

    private final int roundItems;

    /** @param roundItems the most items one round plans and deletes, at least one */
    public TenantPurge(int roundItems) {
        if (roundItems < 1) {
            throw new IllegalArgumentException("A purge round deletes at least one item");
        }
        this.roundItems = roundItems;
    }

    /**
     * What one round deletes: the items of each partition in deletion order, and whether that is all the tenant has
     * left (then the purge is complete once they are deleted).
     */
    public record Plan(List<Batch> batches, int records, int executions, int namespaces, int otherItems,
                       boolean complete) {

        public Plan {
            batches = List.copyOf(batches);
        }

        public int items() {
            return records + executions + namespaces + otherItems;
        }
    }

    /** Up to {@value TenantDynamoDb#MAX_BATCH} keys of one partition. */
    public record Batch(List<TenantKeys.ItemKey> keys) {
        public Batch {
            keys = List.copyOf(keys);
        }
    }

    /** Reads what the next round deletes: at most the round's item count, in deletion order; reads keys only. */
    public Plan plan(TenantDynamoDb db) {
        Counter counter = new Counter();
        List<TenantKeys.ItemKey> namespaceItems = new ArrayList<>();
        List<TenantKeys.ItemKey> lastItems = new ArrayList<>();
        Set<NamespaceId> namespaces = new LinkedHashSet<>();
        // the tenant partition is read first, to find the namespace partitions; it is deleted last
        forEach(db, db.keys().tenantPartition(), List.of(NAMESPACE, SLOTS), item -> {
            String sortKey = item.get(TenantKeys.SORT_KEY).s();
            TenantKeys.ItemKey key = db.keys().tenantPartition().item(sortKey);
            if (sortKey.startsWith(TenantKeys.NAMESPACE_PREFIX)) {
                namespaces.add(NamespaceId.of(sortKey.substring(TenantKeys.NAMESPACE_PREFIX.length())));
                namespaceItems.add(key);
            } else {
                if (sortKey.equals(TenantKeys.NAMESPACE_SLOTS_SORT_KEY) && item.containsKey(SLOTS)) {
                    item.get(SLOTS).m().keySet().forEach(name -> namespaces.add(NamespaceId.of(name)));
                }
                lastItems.add(key);
            }
            return true;
        });
        for (NamespaceId namespace : namespaces) {
            TenantKeys.Partition partition = db.keys().namespacePartition(namespace);
            List<TenantKeys.ItemKey> keys = new ArrayList<>();
            boolean all = forEach(db, partition, List.of(), item -> {
                if (!counter.take()) {
                    return false;
                }
                String sortKey = item.get(TenantKeys.SORT_KEY).s();
                if (sortKey.startsWith(TenantKeys.RECORD_PREFIX)) {
                    counter.records++;
                } else if (sortKey.startsWith(TenantKeys.EXECUTION_PREFIX)) {
                    counter.executions++;
                } else {
                    counter.other++;
                }
                keys.add(partition.item(sortKey));
                return true;
            });
            counter.batch(keys);
            if (!all) {
                return counter.plan(false);
            }
        }
        // the namespace items once their partitions are planned, the slots and the policy last: in separate batches
        if (!counter.takeAll(namespaceItems, () -> counter.namespaces++)) {
            return counter.plan(false);
        }
        return counter.plan(counter.takeAll(lastItems, () -> counter.other++));
    }

    /** Deletes what the round planned, batch by batch, in order; only for a purge that governance allowed. */
    public void delete(TenantDynamoDb db, Permit permit, Plan plan) {
        java.util.Objects.requireNonNull(permit, "permit");
        for (Batch batch : plan.batches()) {
            db.deleteBatch(TenantTable.DATA, batch.keys());
        }
    }

    @FunctionalInterface
    private interface ItemVisitor {
        /** @return false to stop */
        boolean visit(Map<String, AttributeValue> item);
    }

    /** Visits every item of the partition, in sort key order; false when the visitor stopped early. */
    private static boolean forEach(TenantDynamoDb db, TenantKeys.Partition partition, List<String> projection,
                                   ItemVisitor visitor) {
        String after = null;
        do {
            TenantDynamoDb.Page page = db.query(TenantTable.DATA, partition, TenantDynamoDb.SortKeyRange.all(), PAGE,
                    after, true, Condition.none(), projection.isEmpty() ? List.of(TenantKeys.SORT_KEY) : projection);
            for (Map<String, AttributeValue> item : page.items()) {
                if (!visitor.visit(item)) {
                    return false;
                }
            }
            after = page.lastSortKey();
        } while (after != null);
        return true;
    }

    /** The round's budget and counts, and its batches as they are cut. */
    private final class Counter {
        private final List<Batch> batches = new ArrayList<>();
        private int taken;
        private int records;
        private int executions;
        private int namespaces;
        private int other;

        boolean take() {
            if (taken == roundItems) {
                return false;
            }
            taken++;
            return true;
        }

        /** Plans as many of {@code keys} as the budget allows, in their own batches; whether it took them all. */
        boolean takeAll(List<TenantKeys.ItemKey> keys, Runnable count) {
            List<TenantKeys.ItemKey> planned = new ArrayList<>();
            for (TenantKeys.ItemKey key : keys) {
                if (!take()) {
                    batch(planned);
                    return false;
                }
                count.run();
                planned.add(key);
            }
            batch(planned);
            return true;
        }

        void batch(List<TenantKeys.ItemKey> keys) {
            for (int from = 0; from < keys.size(); from += TenantDynamoDb.MAX_BATCH) {
                batches.add(new Batch(keys.subList(from, Math.min(keys.size(), from + TenantDynamoDb.MAX_BATCH))));
            }
        }

        Plan plan(boolean complete) {
            return new Plan(batches, records, executions, namespaces, other, complete);
        }
    }
}
