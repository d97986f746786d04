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
 */
public record GatewaySettings(Duration authorizerCacheTtl, boolean streamAudit) {

    public GatewaySettings {
        Objects.requireNonNull(authorizerCacheTtl, "authorizerCacheTtl");
        if (authorizerCacheTtl.isNegative()) {
            throw new IllegalArgumentException("The authorizer cache TTL cannot be negative");
        }
    }

    /**
     * What tests and {@code ./execalc up} use: every request authorized afresh, so that a suspension or a deleted
     * tenant shows at once, and the audit stream on.
     */
    public static GatewaySettings defaults() {
        return new GatewaySettings(Duration.ZERO, true);
    }
}
