package com.execalc.packaging.launcher;

import java.nio.file.Path;

/** Opens the launcher's package-private report to the tests. */
public final class AotCheckedMainAccess {

    private AotCheckedMainAccess() {
    }

    public static String report(String vmInfo, String cache, Path log) {
        return AotCheckedMain.report(vmInfo, cache, log);
    }
}
