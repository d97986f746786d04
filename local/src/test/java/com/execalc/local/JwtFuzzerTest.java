package com.execalc.local;

import com.execalc.api.AuthorizerHandler;
import com.execalc.api.LambdaJson;
import com.execalc.ingress.TenantAuthorizer;
import com.execalc.ingress.TenantStanding;
import com.execalc.ingress.TokenSettings;
import com.execalc.ingress.TokenUse;
import com.execalc.ingress.TokenVerifier;
import com.execalc.observability.Telemetry;
import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded, reproducible fuzzer of bearer tokens against the real authorizer handler: at least 10,000 mutants of valid
 * tokens, by category. Not one may be allowed, and not one may make the authorizer fail (which API Gateway would answer
 * with 500); every mutant must end in 401 or 403.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtFuzzerTest {

    /** The seed; change it to explore, keep it to reproduce. */
    static final long SEED = 20_261_127L;
    static final int MUTANTS_PER_CATEGORY = 800;

    private static final String ISSUER = "https://issuer.test/pool";
    private static final String AUDIENCE = "execalc-client";
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final String METHOD_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/me";

    private final ObjectMapper json = new ObjectMapper();
    private final Random random = new Random(SEED);
    private final Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private RSAKey rsa;
    private ECKey ec;
    private AuthorizerHandler handler;

    @BeforeAll
    void anAuthorizerWithAKnownIssuer() throws JOSEException {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        // ID tokens, so that the access-token mutants below are of the kind not accepted
        TokenVerifier verifier = new TokenVerifier(TokenSettings.of(ISSUER, AUDIENCE, URI.create("https://issuer.test/jwks"))
                .withTokenUse(TokenUse.ID),
                new ImmutableJWKSet<>(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()))),
                Clock.fixed(NOW, ZoneOffset.UTC));
        TenantAuthorizer authorizer = new TenantAuthorizer(verifier, tenant -> tenant.equals(TenantId.of("acme"))
                ? Optional.of(new TenantStanding(TenantStatus.ACTIVE, "usage-key", AuditShards.one())) : Optional.empty(),
                (member, reason, requestId, auditShards) -> { });
        handler = new AuthorizerHandler(authorizer, new LambdaJson(), new Telemetry(line -> { }, "authorizer"),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    // ---------------------------------------------------------------------------------------------- valid material

    private ObjectNode validClaims() {
        ObjectNode claims = json.createObjectNode()
                .put("iss", ISSUER).put("aud", AUDIENCE).put("sub", "alice")
                .put("iat", NOW.getEpochSecond() - 60).put("nbf", NOW.getEpochSecond() - 60)
                .put("exp", NOW.getEpochSecond() + 3600).put("custom:tenant_id", "acme");
        claims.putArray("cognito:groups").add("admin");
        return claims;
    }

    private String signRs256(String header, String payload) {
        try {
            JWSObject jws = new JWSObject(JWSHeader.parse(header), new Payload(payload));
            jws.sign(new RSASSASigner(rsa));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String rs256(ObjectNode claims) {
        return signRs256("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", claims.toString());
    }

    private String validToken;

    /** The valid token every mutant starts from (signed once; RSA signing is the slow part). */
    private String valid() {
        if (validToken == null) {
            validToken = rs256(validClaims());
        }
        return validToken;
    }

    // -------------------------------------------------------------------------------------------------- the oracle

    private String authorize(String token) {
        ObjectNode event = json.createObjectNode().put("type", "REQUEST").put("methodArn", METHOD_ARN);
        event.putObject("headers").put("Authorization", "Bearer " + token);
        event.putObject("requestContext").put("requestId", "fuzz");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), out,
                    new LocalLambdaContext("fuzz", "authorizer", null));
        } catch (AuthorizerHandler.UnauthorizedException expected) {
            return "401";
        } catch (RuntimeException failure) {
            return "ERROR " + failure.getClass().getSimpleName();
        }
        try {
            JsonNode response = json.readTree(out.toByteArray());
            return "Allow".equals(response.at("/policyDocument/Statement/0/Effect").asText()) ? "ALLOWED" : "403";
        } catch (java.io.IOException e) {
            return "ERROR unreadable response";
        }
    }

    private void fuzz(String category, Supplier<String> mutant) {
        Map<String, Integer> counts = outcomes.computeIfAbsent(category, ignored -> new TreeMap<>());
        for (int i = 0; i < MUTANTS_PER_CATEGORY; i++) {
            String token = mutant.get();
            if (token.equals(valid())) {
                token = token + "A"; // a mutation that happened to change nothing becomes one that does
            }
            String outcome = authorize(token);
            counts.merge(outcome, 1, Integer::sum);
            if (!outcome.equals("401") && !outcome.equals("403")) {
                failures.add(category + " -> " + outcome + ": " + (token.length() > 300 ? token.substring(0, 300) : token));
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- the mutations

    private String flipByteIn(int segment) {
        String[] parts = valid().split("\\.");
        byte[] bytes = Base64URL.from(parts[segment]).decode();
        if (bytes.length == 0) {
            return valid();
        }
        int at = random.nextInt(bytes.length);
        bytes[at] ^= (byte) (1 << random.nextInt(8));
        parts[segment] = Base64URL.encode(bytes).toString();
        return String.join(".", parts);
    }

    private String truncated() {
        String token = valid();
        return token.substring(0, random.nextInt(token.length()));
    }

    /** Another spelling of one segment's bytes. Whitespace goes inside the token: around it, HTTP trims it anyway. */
    private String reEncoded() {
        String[] parts = valid().split("\\.");
        int segment = random.nextInt(3);
        byte[] bytes = Base64URL.from(parts[segment]).decode();
        String[] variants = {
                Base64.getEncoder().encodeToString(bytes),                                  // standard alphabet, padding
                Base64URL.encode(bytes) + "==",                                               // padded base64url
                parts[segment].toUpperCase(),                                                 // case changed
                segment < 2 ? parts[segment] + " " : " " + parts[segment],                  // space inside
                segment < 2 ? parts[segment] + "\t" : "\t" + parts[segment],
                parts[segment].replace('-', '+').replace('_', '/'),
                parts[segment] + "." };
        parts[segment] = variants[random.nextInt(variants.length)];
        return String.join(".", parts);
    }

    private String algorithmSwapped() {
        String payload = validClaims().toString();
        String encodedPayload = Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8)).toString();
        switch (random.nextInt(6)) {
            case 0 -> {
                return Base64URL.encode("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + encodedPayload + ".";
            }
            case 1 -> {
                return Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa-1\"}".getBytes(StandardCharsets.UTF_8)) + "."
                        + encodedPayload + "." + valid().split("\\.")[2];
            }
            case 2 -> {
                try {
                    JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                            new Payload(payload));
                    byte[] secret = rsa.toPublicJWK().toRSAPublicKey().getEncoded();
                    jws.sign(new MACSigner(secret));
                    return jws.serialize();
                } catch (JOSEException e) {
                    throw new IllegalStateException(e);
                }
            }
            case 3 -> {
                String alg = new String[] {"RS999", "ES512", "PS256", "HS512", "EdDSA", "", "rs256"}[random.nextInt(7)];
                return Base64URL.encode(("{\"alg\":\"" + alg + "\",\"kid\":\"rsa-1\"}").getBytes(StandardCharsets.UTF_8))
                        + "." + encodedPayload + "." + valid().split("\\.")[2];
            }
            case 4 -> {
                return Base64URL.encode("{\"kid\":\"rsa-1\"}".getBytes(StandardCharsets.UTF_8)) + "." + encodedPayload
                        + "." + valid().split("\\.")[2];
            }
            default -> {
                try {
                    JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("rsa-1").build(),
                            new Payload(payload));
                    jws.sign(new ECDSASigner(ec));
                    return jws.serialize();
                } catch (JOSEException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private String kidSwapped() {
        String kid = new String[] {"ec-1", "rsa-2", "", "../../../etc/passwd", "rsa-1\u0000", "RSA-1", "null"}[random.nextInt(7)];
        String header = random.nextInt(8) == 0 ? "{\"alg\":\"RS256\"}" : "{\"alg\":\"RS256\",\"kid\":" + json.valueToTree(kid) + "}";
        return signRs256(header, validClaims().toString());
    }

    private String claimMangled() {
        ObjectNode claims = validClaims();
        String[] hostileTenants = {"", "acme#1", "*", "a*", "acme/orders", "ACME", "\u0430cme", "acme\u200b", "ac me",
                "x".repeat(10_000), "globex", "acme,globex", "acme ", "acm\u00e9"};
        switch (random.nextInt(16)) {
            case 0 -> claims.put("custom:tenant_id", random.nextInt(1000));
            case 1 -> claims.putArray("custom:tenant_id").add("acme").add("globex");
            case 2 -> claims.putArray("custom:tenant_id").add("acme");
            case 3 -> claims.putObject("custom:tenant_id").put("id", "acme");
            case 4 -> claims.put("custom:tenant_id", hostileTenants[random.nextInt(hostileTenants.length)]);
            case 5 -> claims.remove("custom:tenant_id");
            case 6 -> claims.put("exp", NOW.getEpochSecond() - 61 - random.nextInt(100_000));
            case 7 -> claims.put("nbf", NOW.getEpochSecond() + 61 + random.nextInt(100_000));
            case 8 -> claims.put("iat", NOW.getEpochSecond() + 61 + random.nextInt(100_000));
            case 9 -> claims.put("iss", ISSUER + (random.nextBoolean() ? "/" : "-evil"));
            case 10 -> claims.put("aud", AUDIENCE + "-other");
            case 11 -> claims.remove(new String[] {"sub", "exp", "iat"}[random.nextInt(3)]);
            case 12 -> claims.put("cognito:groups", random.nextBoolean() ? "platform-admin" : "marketing");
            case 13 -> claims.putObject("cognito:groups").put("admin", true);
            case 14 -> claims.put("exp", "tomorrow");
            default -> claims.put("sub", random.nextBoolean() ? "" : "a\nb");
        }
        return rs256(claims);
    }

    /**
     * A token that says it is of a kind this authorizer does not accept (it takes ID tokens), of no known kind, or
     * an ID token whose app client is not where an ID token names it: each is a 401.
     */
    private String tokenUseMangled() {
        ObjectNode claims = validClaims();
        switch (random.nextInt(8)) {
            case 0 -> claims.put("token_use", "access");
            case 1 -> claims.put("token_use", "access").put("client_id", AUDIENCE).remove("aud");
            case 2 -> {
                // the access token of a tenant member who is also in platform-admin: no tenant claim in it
                claims.put("token_use", "access").put("client_id", AUDIENCE).remove(List.of("aud", "custom:tenant_id"));
                claims.putArray("cognito:groups").add("admin").add("platform-admin");
            }
            case 3 -> claims.put("token_use", new String[] {"refresh", "", "ID", "Id", "id ", "id\u0000", "access_token",
                    "*"}[random.nextInt(8)]);
            case 4 -> claims.put("token_use", random.nextInt(3));
            case 5 -> claims.putArray("token_use").add("id");
            case 6 -> claims.put("token_use", "id").put("client_id", AUDIENCE).remove("aud");
            default -> claims.put("token_use", "id").put("aud", AUDIENCE + "-other");
        }
        return rs256(claims);
    }

    /** Valid claims spelled with a duplicate key, signed by the real issuer: an ambiguous token must not pass. */
    private String duplicatedClaim() {
        String claims = validClaims().toString();
        String duplicate = switch (random.nextInt(4)) {
            case 0 -> "\"custom:tenant_id\":\"globex\",";
            case 1 -> "\"custom:tenant_id\":\"acme\",";
            case 2 -> "\"iss\":\"https://evil.test\",";
            default -> "\"exp\":" + (NOW.getEpochSecond() - 10_000) + ",";
        };
        return signRs256("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", "{" + duplicate + claims.substring(1));
    }

    private String structurallyOdd() {
        String token = valid();
        return switch (random.nextInt(8)) {
            case 0 -> token + "." + token.split("\\.")[2];
            case 1 -> token.replace(".", "..");
            case 2 -> token.split("\\.")[0] + "." + token.split("\\.")[1];
            case 3 -> "";
            case 4 -> token + token;
            case 5 -> "Bearer " + token;
            case 6 -> token.replace(token.split("\\.")[1], Base64URL.encode("[]".getBytes(StandardCharsets.UTF_8)).toString());
            default -> new String(new char[random.nextInt(64) + 1]).replace('\0', (char) (' ' + random.nextInt(95)));
        };
    }

    // ----------------------------------------------------------------------------------------------------- the run

    @Test
    void noMutant_shouldBeAllowed_orMakeTheAuthorizerFail() {
        assertThat(authorize(valid())).as("the unmutated token passes, so the oracle works").isEqualTo("ALLOWED");

        fuzz("header byte flip", () -> flipByteIn(0));
        fuzz("payload byte flip", () -> flipByteIn(1));
        fuzz("signature byte flip", () -> flipByteIn(2));
        fuzz("truncation", this::truncated);
        fuzz("re-encoding", this::reEncoded);
        fuzz("alg swap (none, HS256 with the public key, unknown, missing, EC key)", this::algorithmSwapped);
        fuzz("kid swap", this::kidSwapped);
        fuzz("claims mangled and re-signed", this::claimMangled);
        fuzz("claims mangled and re-signed (second pass)", this::claimMangled);
        fuzz("duplicated claims, re-signed", this::duplicatedClaim);
        fuzz("structurally odd", this::structurallyOdd);
        fuzz("header byte flip (second pass)", () -> flipByteIn(0));
        fuzz("payload byte flip (second pass)", () -> flipByteIn(1));
        fuzz("token kind (token_use) mangled, re-signed", this::tokenUseMangled);

        int total = outcomes.values().stream().flatMap(counts -> counts.values().stream()).mapToInt(Integer::intValue)
                .sum();
        IsolationReport.section(IsolationReport.Section.JWT_FUZZER, report(total));
        assertThat(total).isGreaterThanOrEqualTo(10_000);
        assertThat(failures).as("mutants that passed or made the authorizer fail").isEmpty();
    }

    private String report(int total) {
        StringBuilder table = new StringBuilder();
        table.append("`JwtFuzzerTest` (seed ").append(SEED).append(") sends ").append(total)
                .append(" mutants of a valid RS256 token through the real `AuthorizerHandler` (real signatures, a JWKS of ")
                .append("one RSA and one EC key, the token verifier and the tenant decision). Re-signed mutants are signed ")
                .append("with the issuer's real key, so they test the claim checks rather than the signature. 401 is an ")
                .append("invalid token, 403 a valid token that may not pass; ALLOWED or ERROR would fail the test.\n\n")
                .append("| category | mutants | 401 | 403 | allowed | errors |\n|---|---:|---:|---:|---:|---:|\n");
        outcomes.forEach((category, counts) -> {
            int sum = counts.values().stream().mapToInt(Integer::intValue).sum();
            int errors = counts.entrySet().stream().filter(entry -> entry.getKey().startsWith("ERROR"))
                    .mapToInt(Map.Entry::getValue).sum();
            table.append("| ").append(category).append(" | ").append(sum).append(" | ")
                    .append(counts.getOrDefault("401", 0)).append(" | ").append(counts.getOrDefault("403", 0))
                    .append(" | ").append(counts.getOrDefault("ALLOWED", 0)).append(" | ").append(errors).append(" |\n");
        });
        table.append("\nTotal: ").append(total).append(" mutants, ").append(failures.size())
                .append(" accepted or failing.\n");
        return table.toString();
    }
}
