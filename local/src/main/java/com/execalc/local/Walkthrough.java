package com.execalc.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code ./execalc up} prints when the stack is ready: where everything is, then a short tour of curl lines that
 * work when pasted. Every line that is not a command is a shell comment, so the whole text can be pasted.
 */
final class Walkthrough {

    /**
     * Where the parts of a running stack are.
     *
     * @param api       the gateway's base URL
     * @param dynalite  the endpoint dynalite listens on
     * @param data      where dynalite keeps the data, or {@code null} when it is in memory
     * @param logFile   the file of the functions' log lines
     * @param auditLogs the folder of the per-tenant audit streams
     * @param issuer    the issuer whose tokens are verified, or {@code null} for the local one
     * @param verbose   whether the log lines are printed too
     * @param detached  whether the stack runs in the background
     */
    record Places(URI api, URI dynalite, Path data, Path logFile, Path auditLogs, String issuer, boolean verbose,
                  boolean detached) {

        Places {
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(dynalite, "dynalite");
            Objects.requireNonNull(logFile, "logFile");
            Objects.requireNonNull(auditLogs, "auditLogs");
        }
    }

    private Walkthrough() {
    }

    /** The header: that the stack is ready, how to stop it, and where everything is. */
    static String places(Places places, Duration startup) {
        String url = places.api().toString();
        return """

                # Execalc Cloud local stack is ready at %1$s (started in %2$d ms). %3$s
                #
                # API             %1$s  (every route: openapi.yaml; health: %1$s/_local/health)
                # OIDC discovery  %1$s/_local/.well-known/openid-configuration
                # JWKS            %1$s/_local/.well-known/jwks.json
                # Tokens          %4$s
                # DynamoDB        %5$s  (dynalite, %6$s)
                # Log lines       %7$s  (one JSON line per request and audit event; %8$s)
                # Audit streams   %9$s/<tenant>.audit.jsonl  (each tenant's stand-in for its CloudWatch log group)
                """.formatted(url, startup.toMillis(),
                places.detached() ? "./execalc down stops it." : "Ctrl-C (or ./execalc down) stops it.",
                places.issuer() == null
                        ? "POST " + url + "/_local/token  (access tokens; \"tokenUse\":\"id\" for ID tokens)"
                        : "verified against " + places.issuer() + ": send that provider's tokens, not /_local/token's",
                places.dynalite(),
                places.data() == null ? "in memory: empty at every start; --data-dir DIR keeps it"
                        : "data kept in " + places.data(),
                places.logFile(),
                places.verbose() ? "printed here too" : "tail -f it, or --verbose to print them here",
                places.auditLogs());
    }

    /** The tour: curl lines against {@code base} that work when pasted. */
    static String text(URI base) {
        String url = base.toString();
        return """

                # 1. A platform operator registers a tenant
                OP=$(curl -s -X POST %1$s/_local/token -d '{"sub":"ops","roles":["platform-admin"]}' | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')
                curl -s -X POST %1$s/tenants -H "Authorization: Bearer $OP" -d '{"tenantId":"acme","displayName":"Acme Corp"}'

                # 2. A member of that tenant calls the tenant API
                TOKEN=$(curl -s -X POST %1$s/_local/token -d '{"tenant":"acme","sub":"alice","roles":["admin"]}' | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')
                curl -s %1$s/me -H "Authorization: Bearer $TOKEN"

                # 3. The tenant comes only from the token: naming another one fails
                curl -s %1$s/me -H "Authorization: Bearer $TOKEN" -H "X-Tenant-Id: globex"

                # 4. A suspended tenant's tokens are denied at ingress
                curl -s -X PATCH %1$s/tenants/acme -H "Authorization: Bearer $OP" -d '{"status":"SUSPENDED"}'
                curl -s %1$s/me -H "Authorization: Bearer $TOKEN"

                # 5. An operator or admin reads the tenant's audit trail, newest first
                curl -s -X PATCH %1$s/tenants/acme -H "Authorization: Bearer $OP" -d '{"status":"ACTIVE"}'
                curl -s "%1$s/audit?limit=5" -H "Authorization: Bearer $TOKEN"
                """.formatted(url);
    }
}
