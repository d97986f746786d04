package com.execalc.local.emulator;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the LocalStack part of the suite, with a message, when {@code LOCALSTACK_AUTH_TOKEN} is not set: since March
 * 2026 LocalStack ships one image that needs an auth token to start, and IAM enforcement is part of its paid plans.
 */
final class RequiresLocalStackToken implements ExecutionCondition {

    static final String TOKEN = "LOCALSTACK_AUTH_TOKEN";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String token = System.getenv(TOKEN);
        if (token != null && !token.isBlank()) {
            return ConditionEvaluationResult.enabled(TOKEN + " is set");
        }
        return SkipNotice.disabled(context, "Skipped: " + TOKEN + " is not set. LocalStack's image needs an "
                + "auth token since March 2026 (and ENFORCE_IAM=1 needs a plan that includes IAM enforcement); export "
                + TOKEN + " and run again, or see docs/EMULATORS.md.");
    }
}
