package com.execalc.audit;

import com.execalc.access.TenantDynamoDb;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The merge of a tenant's audit shards into one newest-first trail, against shards held in memory that answer like a
 * DynamoDB Query: newest first, after an exclusive start key, at most {@code limit} items evaluated, a filter applied
 * after the limit, and a last evaluated key whenever the limit was reached.
 */
class AuditPagesTest {

    /** In-memory shards: sort key to "matches the filter". */
    private static final class Shards implements AuditPages.ShardReader {
        final List<TreeMap<String, Boolean>> shards = new ArrayList<>();
        int reads;

        Shards(int count) {
            for (int i = 0; i < count; i++) {
                shards.add(new TreeMap<>(Comparator.reverseOrder()));
            }
        }

        void add(int shard, String sortKey, boolean matches) {
            shards.get(shard).put(sortKey, matches);
        }

        @Override
        public TenantDynamoDb.Page read(int shard, String after, int limit) {
            reads++;
            var newestFirst = after == null ? shards.get(shard) : shards.get(shard).tailMap(after, false);
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            String lastEvaluated = null;
            int evaluated = 0;
            for (Map.Entry<String, Boolean> item : newestFirst.entrySet()) {
                if (evaluated == limit) {
                    break;
                }
                evaluated++;
                lastEvaluated = item.getKey();
                if (item.getValue()) {
                    items.add(Map.of("sk", AttributeValue.fromS(item.getKey())));
                }
            }
            return new TenantDynamoDb.Page(items, evaluated == limit ? lastEvaluated : null);
        }

        /** Every matching sort key of every shard, newest first: what paging must return, in this order. */
        List<String> allMatching() {
            return shards.stream().flatMap(shard -> shard.entrySet().stream()).filter(Map.Entry::getValue)
                    .map(Map.Entry::getKey).sorted(Comparator.reverseOrder()).toList();
        }
    }

    private static List<String> sortKeys(AuditPages.Page page) {
        return page.items().stream().map(item -> item.get("sk").s()).toList();
    }

    /** Pages from the start until there is no cursor; fails on a page that makes no progress. */
    private static List<List<String>> pageThrough(Shards shards, int limit, int budget) {
        List<List<String>> pages = new ArrayList<>();
        String after = null;
        do {
            AuditPages.Page page = AuditPages.newestFirst(shards.shards.size(), shards, limit, after, budget);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            if (page.continueAfter() != null) {
                assertThat(page.continueAfter()).as("progress").isNotEqualTo(after);
            }
            pages.add(sortKeys(page));
            after = page.continueAfter();
        } while (after != null && pages.size() < 10_000);
        return pages;
    }

    private static Shards spread(int shardCount, List<String> ids, Random random, Predicate<Integer> matches) {
        Shards shards = new Shards(shardCount);
        for (int i = 0; i < ids.size(); i++) {
            shards.add(random.nextInt(shardCount), ids.get(i), matches.test(i));
        }
        return shards;
    }

    private static List<String> eventIds(int count, Random random) {
        EventIds ids = new EventIds();
        List<String> list = new ArrayList<>();
        Instant time = Instant.parse("2026-11-27T10:00:00Z");
        for (int i = 0; i < count; i++) {
            list.add(ids.next(time.plusMillis(random.nextInt(5_000))));
        }
        return list;
    }

    @Test
    void oneShard_shouldCostOneQueryPerFullPage_asBeforeSharding() {
        Shards shards = spread(1, eventIds(100, new Random(1)), new Random(1), i -> true);

        AuditPages.Page page = AuditPages.newestFirst(1, shards, 10, null, 10);

        assertThat(shards.reads).isEqualTo(1);
        assertThat(sortKeys(page)).isEqualTo(shards.allMatching().subList(0, 10));
        assertThat(page.continueAfter()).isEqualTo(shards.allMatching().get(9));
    }

    @Test
    void fourShards_shouldCostFourQueries_forAPageOfEvenlySpreadEvents() {
        List<String> ids = eventIds(400, new Random(2)).stream().sorted().toList();
        Shards shards = new Shards(4);
        for (int i = 0; i < ids.size(); i++) {
            shards.add(i % 4, ids.get(i), true);
        }

        AuditPages.Page page = AuditPages.newestFirst(4, shards, 25, null, 13);

        assertThat(shards.reads).isEqualTo(4);
        assertThat(sortKeys(page)).isEqualTo(shards.allMatching().subList(0, 25));
    }

    @Test
    void paging_shouldReturnEveryEventOfEveryShard_newestFirst_exactlyOnce_forAnyShardCountAndPageSize() {
        Random random = new Random(20261127);
        for (int round = 0; round < 300; round++) {
            int shardCount = 1 + random.nextInt(16);
            int limit = 1 + random.nextInt(30);
            Shards shards = spread(shardCount, eventIds(random.nextInt(250), random), random, i -> true);

            List<String> returned = pageThrough(shards, limit, 10 + shardCount - 1).stream()
                    .flatMap(List::stream).toList();

            assertThat(returned).as("round %d: %d shards, limit %d", round, shardCount, limit)
                    .isEqualTo(shards.allMatching());
        }
    }

    @Test
    void paging_shouldReturnEveryMatchExactlyOnce_whenAFilterLeavesOutMostEvents_andTheReadBudgetRunsOut() {
        Random random = new Random(99);
        for (int round = 0; round < 200; round++) {
            int shardCount = 1 + random.nextInt(16);
            int limit = 1 + random.nextInt(10);
            int oneIn = 1 + random.nextInt(40);
            Shards shards = spread(shardCount, eventIds(300, random), random, i -> i % oneIn == 0);

            List<String> returned = pageThrough(shards, limit, shardCount + random.nextInt(3)).stream()
                    .flatMap(List::stream).toList();

            assertThat(returned).as("round %d: %d shards, limit %d, 1 in %d", round, shardCount, limit, oneIn)
                    .isEqualTo(shards.allMatching());
        }
    }

    @Test
    void paging_shouldStayInOrder_whenOneShardHoldsNearlyEverything() {
        List<String> ids = eventIds(200, new Random(3));
        Shards shards = new Shards(8);
        for (int i = 0; i < ids.size(); i++) {
            shards.add(i % 50 == 0 ? 5 : 2, ids.get(i), true);
        }

        List<List<String>> pages = pageThrough(shards, 25, 17);

        assertThat(pages.stream().flatMap(List::stream).toList()).isEqualTo(shards.allMatching());
        assertThat(pages).allSatisfy(page -> assertThat(page).hasSize(25));
    }

    @Test
    void aPageNeverReadsMoreThanItsBudget() {
        Shards shards = spread(4, eventIds(300, new Random(4)), new Random(4), i -> i % 97 == 0);

        AuditPages.newestFirst(4, shards, 5, null, 6);

        assertThat(shards.reads).isLessThanOrEqualTo(6);
    }

    @Test
    void theLastPage_shouldHaveNoCursor_andAnEmptyTrailOnePageWithoutItems() {
        Shards empty = new Shards(4);
        Shards three = spread(4, eventIds(3, new Random(5)), new Random(5), i -> true);

        AuditPages.Page none = AuditPages.newestFirst(4, empty, 10, null, 13);
        AuditPages.Page all = AuditPages.newestFirst(4, three, 10, null, 13);

        assertThat(none.items()).isEmpty();
        assertThat(none.continueAfter()).isNull();
        assertThat(sortKeys(all)).isEqualTo(three.allMatching());
        assertThat(all.continueAfter()).isNull();
    }

    @Test
    void aCursor_shouldContinueEveryShardAfterTheSameEventId() {
        Shards shards = spread(3, eventIds(60, new Random(6)), new Random(6), i -> true);
        String cursor = shards.allMatching().get(20);

        AuditPages.Page page = AuditPages.newestFirst(3, shards, 100, cursor, 12);

        assertThat(sortKeys(page)).isEqualTo(shards.allMatching().subList(21, 60));
    }

    @Test
    void newestFirst_shouldRefuseABudgetThatCannotReadEveryShardOnce() {
        assertThatThrownBy(() -> AuditPages.newestFirst(4, new Shards(4), 10, null, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
