package com.execalc.digest;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The local stand-in for the locked bucket: one file per digest under {@code <root>/<tenant>/shard-<k>/}, created with
 * {@code CREATE_NEW} (never rewritten) and then made read-only.
 */
public final class LocalDigestArchive implements DigestArchive {

    private final Path root;
    private final ObjectMapper json = new ObjectMapper();

    public LocalDigestArchive(Path root) {
        this.root = root;
    }

    @Override
    public Optional<AuditDigest> find(String tenantId, int shard, Instant periodStart) {
        Path file = root.resolve(DigestArchive.nameOf(tenantId, shard, periodStart));
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AuditDigest.fromJson(json.readTree(file.toFile())));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    @Override
    public AuditDigest putIfAbsent(AuditDigest digest) {
        Path file = root.resolve(DigestArchive.nameOf(digest.tenantId(), digest.shard(), digest.periodStart()));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, digest.toJson().toString() + "\n", StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            file.toFile().setReadOnly();
            return digest;
        } catch (FileAlreadyExistsException archivedBefore) {
            return find(digest.tenantId(), digest.shard(), digest.periodStart()).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not archive " + file, e);
        }
    }
}
