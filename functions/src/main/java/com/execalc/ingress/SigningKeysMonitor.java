package com.execalc.ingress;

/** Told each time the issuer's signing keys could not be fetched: the authorizer counts it as a metric, with an alarm. */
@FunctionalInterface
public interface SigningKeysMonitor {

    /**
     * @param servedFromCache whether keys fetched earlier still verified tokens (an outage tolerated), or nothing could
     *                        be verified (the request failed with {@link SigningKeysUnavailableException})
     */
    void unreachable(boolean servedFromCache);
}
