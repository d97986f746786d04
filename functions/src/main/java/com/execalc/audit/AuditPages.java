package com.execalc.audit;

import com.execalc.access.TenantDynamoDb;
import com.execalc.access.TenantKeys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * One page of a tenant's audit events, newest first, read from all of its audit shards and merged by event id as if
 * they were one partition. Event ids sort by time and each event is in exactly one shard, so the merge is a plain
 * descending merge of the shards' own descending queries.
 *
 * <p>An event is taken only once every shard that is not exhausted has been read down to it or below: then nothing
 * newer can still be waiting in an unread part of any shard. When the page is not full yet, the shard that holds the
 * others back (the one read least far down) is read further. The page continues after the last event it returned, or,
 * when the read budget runs out first, after the point down to which every shard has been read: either way every
 * matching event before that point was returned, in order, exactly once.
 *
 * <p>Cost: each shard is queried at least once per page, asking for twice its fair share of the page so that one more
 * read is rarely needed; with one shard this is exactly one Query per page, as before sharding.
 */
public final class AuditPages {

    private AuditPages() {
    }

    /** Reads one shard, newest first. */
    @FunctionalInterface
    public interface ShardReader {

        /**
         * @param shard the shard, 0 to the shard count - 1
         * @param after continue after this sort key (exclusive), or {@code null} from the newest
         * @param limit how many items DynamoDB may evaluate
         */
        TenantDynamoDb.Page read(int shard, String after, int limit);
    }

    /**
     * A page of the merged trail.
     *
     * @param items         the items, newest first
     * @param continueAfter the sort key the next page starts after, or {@code null} when there is nothing more
     */
    public record Page(List<Map<String, AttributeValue>> items, String continueAfter) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** What is known of one shard while a page is read. */
    private static final class Shard {
        final int index;
        final Deque<Map<String, AttributeValue>> buffered = new ArrayDeque<>();
        /** The last sort key DynamoDB evaluated: everything above it (down to the start) has been read. */
        String readDownTo;
        boolean exhausted;

        Shard(int index) {
            this.index = index;
        }

        String head() {
            return buffered.isEmpty() ? null : sortKey(buffered.peekFirst());
        }
    }

    /**
     * Reads one page.
     *
     * @param shards     the tenant's audit shard count
     * @param limit      the most items to return, at least 1
     * @param after      the cursor's sort key (exclusive), or {@code null} from the newest
     * @param readBudget the most queries to make; at least {@code shards}
     */
    public static Page newestFirst(int shards, ShardReader reader, int limit, String after, int readBudget) {
        if (shards < 1 || limit < 1 || readBudget < shards) {
            throw new IllegalArgumentException("shards, limit and a read budget of at least one query per shard");
        }
        List<Shard> all = new ArrayList<>(shards);
        int firstLimit = Math.min(limit, 2 * ceilDiv(limit, shards));
        int reads = 0;
        for (int index = 0; index < shards; index++) {
            Shard shard = new Shard(index);
            all.add(shard);
            read(reader, shard, after, firstLimit);
            reads++;
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>(limit);
        while (true) {
            Shard holdingBack = holdingBack(all);
            String frontier = holdingBack == null ? null : holdingBack.readDownTo;
            while (items.size() < limit) {
                Shard newest = newestHead(all);
                if (newest == null || (frontier != null && newest.head().compareTo(frontier) < 0)) {
                    break; // an unread part of some shard may still hold something newer
                }
                items.add(newest.buffered.pollFirst());
            }
            if (items.size() == limit) {
                boolean more = holdingBack != null || newestHead(all) != null;
                return new Page(items, more ? sortKey(items.get(items.size() - 1)) : null);
            }
            if (holdingBack == null) {
                return new Page(items, null); // every shard read to its end, and every item taken
            }
            if (reads >= readBudget) {
                return new Page(items, frontier); // every match above the frontier was returned
            }
            read(reader, holdingBack, after, limit);
            reads++;
        }
    }

    private static void read(ShardReader reader, Shard shard, String after, int limit) {
        TenantDynamoDb.Page page = reader.read(shard.index, shard.readDownTo != null ? shard.readDownTo : after, limit);
        shard.buffered.addAll(page.items());
        if (page.lastSortKey() == null) {
            shard.exhausted = true;
        } else {
            shard.readDownTo = page.lastSortKey();
        }
    }

    /** The shard not yet exhausted that has been read least far down, or null when all are exhausted. */
    private static Shard holdingBack(List<Shard> shards) {
        Shard holdingBack = null;
        for (Shard shard : shards) {
            if (!shard.exhausted && (holdingBack == null || shard.readDownTo.compareTo(holdingBack.readDownTo) > 0)) {
                holdingBack = shard;
            }
        }
        return holdingBack;
    }

    /** The shard whose next buffered item is the newest, or null when nothing is buffered. */
    private static Shard newestHead(List<Shard> shards) {
        Shard newest = null;
        for (Shard shard : shards) {
            String head = shard.head();
            if (head != null && (newest == null || head.compareTo(newest.head()) > 0)) {
                newest = shard;
            }
        }
        return newest;
    }

    private static String sortKey(Map<String, AttributeValue> item) {
        return item.get(TenantKeys.SORT_KEY).s();
    }

    private static int ceilDiv(int dividend, int divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
