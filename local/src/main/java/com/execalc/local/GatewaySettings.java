package com.execalc.local;

import java.time.Duration;
import java.util.Objects;

/**
 * The local gateway's choices where API Gateway and DynamoDB Streams are configured per deployment.
 *
 * @param authorizerCacheTtl how long an authorizer decision is reused for the same {@code Authorization} header, as
 *                           API Gateway's authorizer result cache does; zero authorizes every request afresh
 * @param streamAudit        whether new audit events are handed to the audit shipper in the background, as the audit
 *                           table's stream would
 * @param offboardingGrace   the control plane's {@code OFFBOARDING_GRACE_DAYS}, whole days: how long an offboarding
 *                           tenant waits for its purge
 */
public record GatewaySettings(Duration authorizerCacheTtl, boolean streamAudit, Duration offboardingGrace) {

    /** The deployed default grace period: 30 days. */
    public static final Duration DEFAULT_OFFBOARDING_GRACE = Duration.ofDays(30);

    public GatewaySettings {
        Objects.requireNonNull(authorizerCacheTtl, "authorizerCacheTtl");
        if (authorizerCacheTtl.isNegative()) {
            throw new IllegalArgumentException("The authorizer cache TTL cannot be negative");
        }
        if (offboardingGrace.isNegative() || !offboardingGrace.equals(Duration.ofDays(offboardingGrace.toDays()))) {
            throw new IllegalArgumentException("The offboarding grace period is 0 or more whole days");
        }
    }

    /** With the deployed default grace period. */
    public GatewaySettings(Duration authorizerCacheTtl, boolean streamAudit) {
        this(authorizerCacheTtl, streamAudit, DEFAULT_OFFBOARDING_GRACE);
    }

    /** These settings with another grace period: e.g. zero, for a stack whose tests purge at once. */
    public GatewaySettings withOffboardingGrace(Duration grace) {
        return new GatewaySettings(authorizerCacheTtl, streamAudit, grace);
    }

    /**
     * What tests and {@code ./execalc up} use: every request authorized afresh, so that a suspension or a deleted
     * tenant shows at once, and the audit stream on.
     */
    public static GatewaySettings defaults() {
        return new GatewaySettings(Duration.ZERO, true);
    }
}
