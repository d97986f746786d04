package com.execalc.verify;

import com.execalc.audit.EventIds;
import com.execalc.digest.AuditDigest;
import com.execalc.digest.CanonicalEvent;
import com.execalc.digest.MerkleTree;
import com.execalc.digest.SigningKey;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks of a tenant's trail against its digests, offline: every event inside exactly one digest of its shard and
 * period; each digest's count and Merkle root recomputed from its events; each shard's digests contiguous and chained
 * from the first one asked for; every digest of the tenant, signed by the published key.
 */
public final class TrailVerification {

    private TrailVerification() {
    }

    /**
     * What was checked and what failed.
     *
     * @param checked  one line per check that passed, in order
     * @param failures one line per failure, naming the event, period or link
     */
    public record Report(List<String> checked, List<String> failures) {
        public Report {
            checked = List.copyOf(checked);
            failures = List.copyOf(failures);
        }

        public boolean verified() {
            return failures.isEmpty();
        }
    }

    /**
     * Checks a trail.
     *
     * @param tenant   the caller's tenant, whose trail it must be
     * @param digests  the digests as served, in the order served (documents, not yet read)
     * @param events   the events as {@code GET /audit} shows them, of the digests' whole time span
     * @param key      the key every digest must be signed with
     */
    public static Report verify(String tenant, List<JsonNode> digests, List<JsonNode> events, SigningKey key) {
        List<String> checked = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<Integer, List<AuditDigest>> byShard = new TreeMap<>();
        int signed = 0;
        for (JsonNode document : digests) {
            AuditDigest digest;
            try {
                digest = AuditDigest.fromJson(document);
            } catch (IllegalArgumentException e) {
                failures.add("a served digest is not a digest document (" + e.getMessage() + "): " + document);
                continue;
            }
            String name = nameOf(digest);
            if (!tenant.equals(digest.tenantId())) {
                failures.add(name + ": it is a digest of tenant " + digest.tenantId() + ", not of " + tenant);
            }
            if (!key.keyId().equals(digest.keyId())) {
                failures.add(name + ": signed by key " + digest.keyId() + ", not by the published key " + key.keyId());
            } else if (digest.signature() == null || !key.verifies(digest.signedContent(), digest.signatureBytes())) {
                failures.add(name + ": the signature does not verify with key " + key.keyId());
            } else {
                signed++;
            }
            byShard.computeIfAbsent(digest.shard(), shard -> new ArrayList<>()).add(digest);
        }
        checked.add(signed + " of " + digests.size() + " digests carry a valid signature by " + key.keyId());

        byShard.forEach((shard, chain) -> checkChain(shard, chain, checked, failures));

        Map<AuditDigest, List<JsonNode>> contents = new LinkedHashMap<>();
        byShard.values().forEach(chain -> chain.forEach(digest -> contents.put(digest, new ArrayList<>())));
        int placed = 0;
        for (JsonNode event : events) {
            String id = event.path("eventId").asText();
            int shard = event.path("shard").asInt(-1);
            Instant time;
            try {
                time = EventIds.timeOf(id);
            } catch (IllegalArgumentException e) {
                failures.add("event " + id + ": its id is not an event id");
                continue;
            }
            if (!tenant.equals(event.path("tenantId").asText())) {
                failures.add("event " + id + ": it is an event of tenant " + event.path("tenantId").asText());
            }
            List<AuditDigest> holding = byShard.getOrDefault(shard, List.of()).stream()
                    .filter(digest -> !time.isBefore(digest.periodStart()) && time.isBefore(digest.periodEnd()))
                    .toList();
            if (holding.size() != 1) {
                failures.add("event " + id + " (shard " + shard + ", " + time + "): it is in " + holding.size()
                        + " digests of its shard and period, not exactly one");
                continue;
            }
            contents.get(holding.get(0)).add(event);
            placed++;
        }
        checked.add(placed + " of " + events.size() + " events lie inside exactly one digest of their shard and period");

        int recomputed = 0;
        for (Map.Entry<AuditDigest, List<JsonNode>> entry : contents.entrySet()) {
            AuditDigest digest = entry.getKey();
            List<JsonNode> held = entry.getValue();
            held.sort(Comparator.comparing(event -> event.path("eventId").asText()));
            String root = HexFormat.of().formatHex(MerkleTree.root(held.stream().map(CanonicalEvent::bytes).toList()));
            if (held.size() != digest.eventCount()) {
                failures.add(nameOf(digest) + ": the trail holds " + held.size() + " events, the digest counts "
                        + digest.eventCount() + " (" + (held.size() < digest.eventCount() ? "an event was removed"
                        : "an event was added") + "); the period's events: " + ids(held));
            } else if (!root.equals(digest.merkleRoot())) {
                failures.add(nameOf(digest) + ": the Merkle root of its " + held.size() + " events is " + root
                        + ", the digest's " + digest.merkleRoot() + " (an event was altered); the period's events: "
                        + ids(held));
            } else {
                recomputed++;
            }
        }
        checked.add(recomputed + " of " + contents.size() + " digests' event counts and Merkle roots recompute");
        return new Report(checked, failures);
    }

    private static void checkChain(int shard, List<AuditDigest> chain, List<String> checked, List<String> failures) {
        int links = 0;
        for (int i = 1; i < chain.size(); i++) {
            AuditDigest previous = chain.get(i - 1);
            AuditDigest next = chain.get(i);
            if (!next.periodStart().isAfter(previous.periodStart())) {
                failures.add("shard " + shard + ": the digest of " + period(next) + " is served after the one of "
                        + period(previous) + " (out of order)");
            } else if (!next.periodStart().equals(previous.periodEnd())) {
                failures.add("shard " + shard + ": no digest for " + "[" + previous.periodEnd() + ", "
                        + next.periodStart() + ") (a digest is missing between " + period(previous) + " and "
                        + period(next) + ")");
            } else if (previous.signature() == null || !previous.hash().equals(next.previousDigestHash())) {
                failures.add("shard " + shard + ": the link from " + period(previous) + " to " + period(next)
                        + " is broken (previousDigestHash " + next.previousDigestHash() + ")");
            } else {
                links++;
            }
        }
        checked.add("shard " + shard + ": " + chain.size() + " digests from " + chain.get(0).periodStart() + " to "
                + chain.get(chain.size() - 1).periodEnd() + ", " + links + " of " + (chain.size() - 1)
                + " links unbroken");
    }

    private static String nameOf(AuditDigest digest) {
        return "shard " + digest.shard() + " period " + period(digest);
    }

    private static String period(AuditDigest digest) {
        return "[" + digest.periodStart() + ", " + digest.periodEnd() + ")";
    }

    private static String ids(List<JsonNode> events) {
        return events.isEmpty() ? "none"
                : String.join(", ", events.stream().map(event -> event.path("eventId").asText()).toList());
    }
}
