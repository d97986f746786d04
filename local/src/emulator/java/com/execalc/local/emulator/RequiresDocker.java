package com.execalc.local.emulator;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Skips the emulator suite, with a message saying why and what to do, when Testcontainers finds no Docker daemon.
 * Asked once per run.
 */
final class RequiresDocker implements ExecutionCondition {

    private static Boolean available;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (isDockerAvailable()) {
            return ConditionEvaluationResult.enabled("Docker is available");
        }
        return SkipNotice.disabled(context, "Skipped: Docker is not available (Testcontainers found no Docker "
                + "daemon). The emulator suite runs Floci and LocalStack in containers; start Docker, or see "
                + "docs/EMULATORS.md.");
    }

    private static synchronized boolean isDockerAvailable() {
        if (available == null) {
            try {
                available = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError noDocker) {
                available = false;
            }
        }
        return available;
    }
}
