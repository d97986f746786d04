package com.execalc.ingress;

import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Verifies a bearer token against the issuer's keys and resolves it to exactly one {@link Principal}.
 *
 * <p>Holds the JWKS cache of its container (keys are fetched once and kept {@link #KEYS_CACHED_FOR}, refetched when a
 * token names an unknown {@code kid}, at most once per {@value #MIN_REFETCH_INTERVAL_SECONDS} seconds). When the
 * issuer's JWKS cannot be fetched, the keys fetched before keep verifying tokens for {@link #OUTAGE_TOLERATED_FOR};
 * without any, verification fails with {@link SigningKeysUnavailableException} (a retryable 503, never a 401 for a
 * valid token). Either way the {@link SigningKeysMonitor} is told. Thread-safe; keeps no per-request state.
 */
public final class TokenVerifier {

    /** The role that marks a platform operator's token. */
    public static final String PLATFORM_ADMIN_ROLE = "platform-admin";

    /** The claim in which Cognito says what kind of token it issued. */
    static final String TOKEN_USE_CLAIM = "token_use";

    private static final int MAX_TOKEN_LENGTH = 8192;
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final int MAX_SUBJECT_LENGTH = 256;
    private static final long MIN_REFETCH_INTERVAL_SECONDS = 30;
    private static final int JWKS_TIMEOUT_MILLIS = 2000;
    private static final int JWKS_SIZE_LIMIT_BYTES = 256 * 1024;
    /** How long fetched keys are used before they are fetched again. */
    static final Duration KEYS_CACHED_FOR = Duration.ofMinutes(15);
    /** How long fetched keys still verify tokens after the JWKS could not be fetched again: a short outage. */
    static final Duration OUTAGE_TOLERATED_FOR = Duration.ofHours(1);

    private final TokenSettings settings;
    private final SigningKeysMonitor monitor;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** A verifier with fixed keys, which are always available. */
    public TokenVerifier(TokenSettings settings, JWKSource<SecurityContext> keys, Clock clock) {
        this(settings, keys, clock, servedFromCache -> { });
    }

    private TokenVerifier(TokenSettings settings, JWKSource<SecurityContext> keys, Clock clock,
                          SigningKeysMonitor monitor) {
        this.settings = settings;
        this.monitor = monitor;
        Set<JWSAlgorithm> algorithms = settings.algorithms().stream().map(JWSAlgorithm::parse)
                .collect(Collectors.toUnmodifiableSet());
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        processor.setJWSTypeVerifier((type, context) -> {
            if (!settings.acceptsType(type == null ? null : type.getType())) {
                throw new BadJOSEException("JOSE header typ " + type + " not accepted");
            }
        });
        processor.setJWTClaimsSetVerifier(new ClaimsVerifier(settings, clock));
    }

    /** A verifier that fetches the issuer's keys from {@link TokenSettings#jwksUri()}, telling {@code monitor} of outages. */
    public static TokenVerifier forRemoteKeys(TokenSettings settings, Clock clock, SigningKeysMonitor monitor) {
        return forRemoteKeys(settings, clock, monitor, KEYS_CACHED_FOR,
                Duration.ofSeconds(MIN_REFETCH_INTERVAL_SECONDS), OUTAGE_TOLERATED_FOR);
    }

    /** As {@link #forRemoteKeys(TokenSettings, Clock, SigningKeysMonitor)}, with the cache's durations: for tests. */
    static TokenVerifier forRemoteKeys(TokenSettings settings, Clock clock, SigningKeysMonitor monitor,
                                       Duration cachedFor, Duration refetchAtMostEvery, Duration outageToleratedFor) {
        // refresh ahead of expiry (nimbus' default) only where the time to live leaves room for it
        boolean refreshAhead = cachedFor.toMillis() > JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME + JWKS_TIMEOUT_MILLIS;
        try {
            JWKSource<SecurityContext> keys = JWKSourceBuilder
                    .<SecurityContext>create(settings.jwksUri().toURL(),
                            new DefaultResourceRetriever(JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT_BYTES))
                    .cache(cachedFor.toMillis(), JWKS_TIMEOUT_MILLIS)
                    .refreshAheadCache(refreshAhead)
                    .rateLimited(refetchAtMostEvery.toMillis())
                    .retrying(true)
                    // the fetch failed, the keys fetched before still verify: count it, the alarm says the issuer is down
                    .outageTolerant(outageToleratedFor.toMillis(), outage -> monitor.unreachable(true))
                    .build();
            return new TokenVerifier(settings, keys, clock, monitor);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("The JWKS URI is not a URL: " + settings.jwksUri(), e);
        }
    }

    /**
     * Verifies the token and resolves its principal.
     *
     * @param token the compact JWS, without the {@code Bearer } prefix
     * @throws InvalidTokenException             for any token that is not valid for this platform
     * @throws SigningKeysUnavailableException when the issuer's keys cannot be fetched, so nothing can be verified
     */
    public Principal verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("No bearer token.");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("The bearer token is too long.");
        }
        requireCanonicalCompactForm(token);
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (jwt.getHeader().getKeyID() == null) {
                throw new InvalidTokenException("The bearer token names no signing key.");
            }
            claims = processor.process(jwt, null);
        } catch (ParseException e) {
            throw new InvalidTokenException("The bearer token is not a signed JWT.", e);
        } catch (BadJOSEException e) {
            throw new InvalidTokenException("The bearer token was rejected: " + e.getMessage(), e);
        } catch (RateLimitReachedException e) {
            // an unknown kid again, within the refetch interval: the keys are there, this token's is not among them
            throw new InvalidTokenException("The bearer token names an unknown signing key.", e);
        } catch (KeySourceException e) {
            monitor.unreachable(false);
            throw new SigningKeysUnavailableException(e);
        } catch (JOSEException e) {
            throw new InvalidTokenException("The bearer token could not be verified.", e);
        } catch (RuntimeException e) {
            // nimbus may surface malformed content as unchecked exceptions; any of them means "not valid"
            if (e instanceof InvalidTokenException invalid) {
                throw invalid;
            }
            throw new InvalidTokenException("The bearer token is malformed.", e);
        }
        return resolve(claims);
    }

    /**
     * A compact JWS is three unpadded base64url segments (RFC 7515). Anything else, including another spelling of the
     * same bytes (padding, the standard alphabet, a last character whose unused bits differ), is refused, so that one
     * token has exactly one accepted form.
     */
    private static void requireCanonicalCompactForm(String token) {
        if (!COMPACT_JWS.matcher(token).matches()) {
            throw new InvalidTokenException("The bearer token is not a compact JWS.");
        }
        for (String segment : token.split("\\.")) {
            if (!Base64URL.encode(Base64URL.from(segment).decode()).toString().equals(segment)) {
                throw new InvalidTokenException("The bearer token is not in canonical base64url.");
            }
        }
    }

    private Principal resolve(JWTClaimsSet claims) {
        String subject = subjectOf(claims);
        Map<String, Object> all = claims.getClaims();
        RoleClaim roles = roleClaim(settings.rolesClaim().read(all).orElse(null), settings.roleMap());
        Object tenantClaim = settings.tenantClaim().read(all).orElse(null);
        if (tenantClaim == null) {
            if (!roles.platformAdmin()) {
                throw new InvalidTokenException("The bearer token names no tenant (claim " + settings.tenantClaim()
                        + ").");
            }
            return new Principal.PlatformOperator(subject);
        }
        if (roles.platformAdmin()) {
            throw new InvalidTokenException("A bearer token is either a tenant's or the platform's, never both.");
        }
        if (!(tenantClaim instanceof String tenant)) {
            throw new InvalidTokenException("The bearer token must name exactly one tenant.");
        }
        if (!TenantId.isValid(tenant)) {
            throw new InvalidTokenException("The bearer token names an invalid tenant id.");
        }
        return new Principal.TenantMember(TenantId.of(tenant), subject, roles.tenantRoles());
    }

    private static String subjectOf(JWTClaimsSet claims) {
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidTokenException("The bearer token has no usable subject.");
        }
        return subject;
    }

    private record RoleClaim(Set<TenantRole> tenantRoles, boolean platformAdmin) {
    }

    private static RoleClaim roleClaim(Object claim, RoleMap map) {
        List<?> names;
        if (claim == null) {
            names = List.of();
        } else if (claim instanceof String single) {
            names = List.of(single);
        } else if (claim instanceof List<?> list) {
            names = list;
        } else {
            throw new InvalidTokenException("The roles claim must be a string or a list of strings.");
        }
        Set<TenantRole> roles = EnumSet.noneOf(TenantRole.class);
        boolean platformAdmin = false;
        for (Object name : names) {
            if (!(name instanceof String text)) {
                throw new InvalidTokenException("The roles claim must be a string or a list of strings.");
            }
            String role = map.roleOf(text).orElse(null);
            if (PLATFORM_ADMIN_ROLE.equals(role)) {
                platformAdmin = true;
            } else if (role != null) {
                TenantRole.fromWireName(role).ifPresent(roles::add);
            }
        }
        return new RoleClaim(roles, platformAdmin);
    }

    /**
     * Issuer, kind, audience, expiry, not-before and issued-at, against an injected clock. The audience is where the
     * token's kind puts the app client: {@code aud} for an ID token, {@code client_id} for an access token, either for
     * a token that does not say its kind.
     */
    private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

        private final String audience;
        private final TokenUse accepted;
        private final Clock clock;

        ClaimsVerifier(TokenSettings settings, Clock clock) {
            super(new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("sub", "exp", "iat"));
            this.audience = settings.audience();
            this.accepted = settings.tokenUse();
            this.clock = clock;
            setMaxClockSkew((int) settings.clockSkew().toSeconds());
        }

        @Override
        protected Date currentTime() {
            return Date.from(clock.instant());
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            Date issuedAt = claims.getIssueTime();
            if (issuedAt.toInstant().isAfter(clock.instant().plusSeconds(getMaxClockSkew()))) {
                throw new BadJWTException("JWT issued in the future");
            }
            List<String> audiences = claims.getAudience();
            Object clientId = claims.getClaim("client_id");
            Object kind = claims.getClaim(TOKEN_USE_CLAIM);
            boolean forUs;
            if (kind == null) {
                forUs = audiences.isEmpty() ? audience.equals(clientId) : audiences.contains(audience);
            } else {
                TokenUse use = TokenUse.fromClaimValue(kind)
                        .orElseThrow(() -> new BadJWTException("JWT token_use not recognised"));
                if (use != accepted) {
                    throw new BadJWTException("JWT token_use " + use.claimValue() + " not accepted");
                }
                forUs = use == TokenUse.ID ? audiences.contains(audience) : audience.equals(clientId);
            }
            if (!forUs) {
                throw new BadJWTException("JWT audience rejected");
            }
        }
    }
}
