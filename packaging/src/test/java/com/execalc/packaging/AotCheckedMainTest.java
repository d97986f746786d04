package com.execalc.packaging;

import com.execalc.packaging.launcher.AotCheckedMainAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's one line about the cache: when it is logged, and what it says. */
class AotCheckedMainTest {

    @TempDir
    Path folder;

    @Test
    void aMappedCache_shouldLogNothing_andRemoveTheJvmsLog() throws IOException {
        Path log = Files.writeString(folder.resolve("aot.log"), "");

        assertThat(AotCheckedMainAccess.report("mixed mode, sharing", "/var/task/aot/function.aot", log)).isNull();
        assertThat(log).doesNotExist();
    }

    @Test
    void aRejectedCache_shouldLogOneLine_withTheCache_andTheJvmsFirstReason() throws IOException {
        Path log = Files.writeString(folder.resolve("aot.log"),
                "The AOT cache has a bad magic number: 0x6e6f7420\nUnable to read the file header.\n");

        String line = AotCheckedMainAccess.report("mixed mode", "/var/task/aot/function.aot", log);

        assertThat(line).isEqualTo("execalc bootstrap: the JVM rejected the AOT cache /var/task/aot/function.aot"
                + " and runs without it: The AOT cache has a bad magic number: 0x6e6f7420");
        assertThat(line).doesNotContain("\n");
        assertThat(log).doesNotExist();
    }

    @Test
    void aCacheNotInUse_withoutAnyJvmLog_shouldStillBeLogged() {
        assertThat(AotCheckedMainAccess.report("mixed mode", "/var/task/aot/function.aot", folder.resolve("none")))
                .endsWith("runs without it: the JVM logged no reason");
    }
}
