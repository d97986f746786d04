package com.execalc.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (the folder with {@code package.json} and the {@code execalc} launcher). */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    static Path find() {
        Path start = Path.of(System.getProperty("execalc.root", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("package.json")) && Files.isRegularFile(dir.resolve("execalc"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Not inside the Execalc repository: no package.json and execalc above " + start);
    }
}
