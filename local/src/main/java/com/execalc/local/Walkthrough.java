package com.execalc.local;

import java.net.URI;
import java.time.Duration;

/** The short tour printed when the local stack is ready: curl lines that work when pasted. */
final class Walkthrough {

    private Walkthrough() {
    }

    static String text(URI base, Duration startup, java.nio.file.Path auditLogs) {
        String url = base.toString();
        return """

                # Execalc Cloud local stack is ready at %1$s (started in %2$d ms). Ctrl-C stops it.

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

                # Health: %1$s/_local/health   OIDC discovery: %1$s/_local/.well-known/openid-configuration
                # JWKS: %1$s/_local/.well-known/jwks.json   Tokens: POST %1$s/_local/token (access; "tokenUse":"id" for ID)
                # Each tenant's audit stream (the stand-in for its CloudWatch log group): %3$s/<tenant>.audit.jsonl
                """.formatted(url, startup.toMillis(), auditLogs);
    }
}
