package com.execalc.local;

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

/**
 * The local stand-in for the per-tenant CloudWatch audit log groups: one file per tenant,
 * {@code <folder>/<tenant>.audit.jsonl}, one audit event per line. A writer is bound to its context's tenant, like the
 * deployed writer whose credentials reach only that tenant's group.
 */
public final class LocalTenantLogs implements TenantLogGroups, TenantLogWriter.Factory {

    private final Path folder;

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

    @Override
    public void create(TenantId tenant, int retentionDays) {
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
            public void retainAtLeast(int days) {
                // files are kept until the developer removes them
            }
        };
    }
}
