package com.execalc.local.emulator;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A skip that also says why on the console, once per test class: Maven's summary only counts skipped tests. */
final class SkipNotice {

    private static final Set<String> TOLD = ConcurrentHashMap.newKeySet();

    private SkipNotice() {
    }

    static ConditionEvaluationResult disabled(ExtensionContext context, String reason) {
        String suite = context.getRequiredTestClass().getSimpleName();
        if (TOLD.add(suite)) {
            System.out.println("[emulator suite] " + suite + " " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
