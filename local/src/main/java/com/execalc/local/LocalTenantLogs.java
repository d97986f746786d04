package com.execalc.local;

import com.execalc.audit.LogRetention;
import com.execalc.audit.TenantLogGroups;
import com.execalc.audit.TenantLogWriter;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local stand-in for the per-tenant CloudWatch audit log groups: one file per tenant,
 * {@code <folder>/<tenant>.audit.jsonl}, one audit event per line. A writer is bound to its context's tenant, like the
 * deployed writer whose credentials reach only that tenant's group. Each group's retention is recorded (in memory, as
 * CloudWatch would hold it) so that tests can see what the shipper did to it.
 */
public final class LocalTenantLogs implements TenantLogGroups, TenantLogWriter.Factory {

    private final Path folder;
    private final Map<TenantId, Integer> retention = new ConcurrentHashMap<>();

    public LocalTenantLogs(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the local audit log folder " + folder, e);
        }
    }

    public Path folder() {
        return folder;
    }

    /** The file of a tenant's audit log group. */
    public Path fileOf(TenantId tenant) {
        return folder.resolve(tenant.value() + ".audit.jsonl");
    }

    /**
     * The retention, in days, that the tenant's group would have in CloudWatch Logs: set when it is created and each
     * time the shipper sets it; empty for a tenant that was never onboarded.
     */
    public OptionalInt retentionOf(TenantId tenant) {
        Integer days = retention.get(tenant);
        return days == null ? OptionalInt.empty() : OptionalInt.of(days);
    }

    @Override
    public void create(TenantId tenant, int retentionDays) {
        retention.put(tenant, LogRetention.atLeast(retentionDays));
        try {
            if (!Files.exists(fileOf(tenant))) {
                Files.createFile(fileOf(tenant));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public TenantLogWriter forTenant(ExecutionContext context) {
        Path file = fileOf(context.tenantId());
        return new TenantLogWriter() {
            @Override
            public void ensureStream(String stream) {
                // one file holds every stream of the group
            }

            @Override
            public synchronized void put(String stream, List<LogLine> lines) {
                StringBuilder text = new StringBuilder();
                lines.forEach(line -> text.append(line.message()).append('\n'));
                try {
                    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void setRetention(int days) {
                // files are kept until the developer removes them; the retention is recorded as CloudWatch would hold it
                retention.put(context.tenantId(), LogRetention.atLeast(days));
            }
        };
    }
}
