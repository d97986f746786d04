package com.execalc.verify;

import com.execalc.digest.SigningKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code ./execalc verify-audit --base <url> --token <bearer> --from <t> --to <t> [--public-key <pem file>]}: fetches
 * the caller's tenant's digests with a period start in {@code [from, to]} and every event of their span through the
 * public API, checks them ({@link TrailVerification}), prints what it checked and each failure, and exits 1 when
 * anything failed (2 when it could not fetch). The key is the published one unless {@code --public-key} pins one
 * obtained out of band, which a careful tenant does: a key served by the same API as the digests proves only that the
 * digests were not changed by someone without that key.
 */
public final class VerifyAudit {

    /** The largest page {@code /audit} and {@code /audit/digests} give. */
    private static final int PAGE = 100;

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public VerifyAudit(URI base, String token) {
        this.base = Objects.requireNonNull(base, "base");
        this.token = Objects.requireNonNull(token, "token");
    }

    /** Thrown when the API does not answer as documented. */
    public static final class FetchFailedException extends RuntimeException {
        FetchFailedException(String message) {
            super(message);
        }
    }

    /**
     * Verifies the trail from {@code from} to {@code to}.
     *
     * @param pinned the key to check against instead of the published one
     */
    public TrailVerification.Report verify(Instant from, Instant to, Optional<SigningKey> pinned) {
        String tenant = get("/me").path("tenantId").asText();
        JsonNode published = get("/audit/signing-key");
        SigningKey servedKey = new SigningKey(published.path("keyId").asText(), published.path("algorithm").asText(),
                published.path("publicKeyPem").asText());
        SigningKey key = pinned.orElse(servedKey);
        List<JsonNode> digests = pages("/audit/digests?from=" + query(from) + "&to=" + query(to));
        List<JsonNode> events = new ArrayList<>();
        List<String> preamble = new ArrayList<>();
        preamble.add("tenant " + tenant + ", " + digests.size() + " digests with a period start in [" + from + ", "
                + to + "], key " + key.keyId() + (pinned.isPresent() ? " (pinned)" : " (as published)"));
        if (pinned.isPresent() && !pinned.get().keyId().equals(servedKey.keyId())) {
            preamble.add("the API publishes another key, " + servedKey.keyId());
        }
        Optional<Instant> start = digests.stream().map(d -> d.path("periodStart").asText()).map(Instant::parse)
                .min(Comparator.naturalOrder());
        Optional<Instant> end = digests.stream().map(d -> d.path("periodEnd").asText()).map(Instant::parse)
                .max(Comparator.naturalOrder());
        if (start.isPresent()) {
            events = pages("/audit?from=" + query(start.get()) + "&to=" + query(end.get().minusMillis(1)));
            preamble.add(events.size() + " events from " + start.get() + " to " + end.get());
        }
        TrailVerification.Report report = TrailVerification.verify(tenant, digests, events, key);
        List<String> checked = new ArrayList<>(preamble);
        checked.addAll(report.checked());
        List<String> failures = new ArrayList<>(report.failures());
        if (digests.isEmpty()) {
            failures.add("no digest has a period start in [" + from + ", " + to + "]: nothing could be verified");
        }
        return new TrailVerification.Report(checked, failures);
    }

    private List<JsonNode> pages(String first) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get(first + "&limit=" + PAGE + (cursor == null ? "" : "&cursor=" + query(cursor)));
            page.path("items").forEach(items::add);
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        return items;
    }

    private JsonNode get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(base.getPath().replaceAll("/$", "") + pathAndQuery))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new FetchFailedException("GET " + pathAndQuery + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new FetchFailedException("GET " + pathAndQuery + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchFailedException("GET " + pathAndQuery + " was interrupted");
        }
    }

    private static String query(Object value) {
        return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
    }

    /** Prints a report: what was checked, then each failure; returns the exit status. */
    public static int print(TrailVerification.Report report, PrintStream out) {
        report.checked().forEach(line -> out.println("checked: " + line));
        report.failures().forEach(line -> out.println("FAILED:  " + line));
        out.println(report.verified() ? "VERIFIED: the trail matches its signed digests"
                : "NOT VERIFIED: " + report.failures().size() + " failure(s)");
        return report.verified() ? 0 : 1;
    }

    public static void main(String[] args) {
        String base = null;
        String token = null;
        String from = null;
        String to = null;
        String publicKey = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> base = args[i + 1];
                case "--token" -> token = args[i + 1];
                case "--from" -> from = args[i + 1];
                case "--to" -> to = args[i + 1];
                case "--public-key" -> publicKey = args[i + 1];
                default -> usage("unknown option " + args[i]);
            }
        }
        if (args.length % 2 != 0 || base == null || token == null || from == null || to == null) {
            usage("--base, --token, --from and --to are required");
        }
        Optional<SigningKey> pinned = Optional.empty();
        if (publicKey != null) {
            try {
                String pem = Files.readString(Path.of(publicKey));
                byte[] der = java.util.Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "")
                        .replaceAll("\\s", ""));
                pinned = Optional.of(SigningKey.ofDer(der));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + publicKey, e);
            }
        }
        try {
            int status = print(new VerifyAudit(URI.create(base), token).verify(Instant.parse(from), Instant.parse(to),
                    pinned), System.out);
            System.exit(status);
        } catch (FetchFailedException e) {
            System.err.println("verify-audit: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void usage(String problem) {
        System.err.println("verify-audit: " + problem);
        System.err.println("usage: ./execalc verify-audit --base <url> --token <bearer> --from <instant> --to <instant>"
                + " [--public-key <pem file>]");
        System.exit(2);
    }
}
