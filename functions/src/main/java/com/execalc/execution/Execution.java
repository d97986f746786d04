package com.execalc.execution;

import com.execalc.governance.RiskLevel;
import com.execalc.tenancy.ExecutionId;
import com.execalc.tenancy.NamespaceId;

import java.time.Instant;
import java.util.List;

/**
 * A governed execution as stored: the boundary's verdict and, when it ranked, the ranking.
 *
 * @param ranking the ranking, or {@code null} when the boundary gave none (BLOCK, RECOMPUTE)
 */
public record Execution(ExecutionId executionId, NamespaceId namespace, String objective, RiskLevel riskPosture,
                        ExecutionBoundary.Status status, List<String> reasons, List<Ranking.Ranked> ranking,
                        Instant createdAt, String auditEventId) {

    public Execution {
        reasons = List.copyOf(reasons);
        ranking = ranking == null ? null : List.copyOf(ranking);
    }
}
