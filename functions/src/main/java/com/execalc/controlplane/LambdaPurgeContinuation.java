package com.execalc.controlplane;

import com.execalc.tenancy.TenantId;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

import java.util.function.Supplier;

/**
 * The deployed continuation of a purge: the control-plane function invokes itself asynchronously (invocation type
 * {@code Event}) with {@link #EVENT_KEY}; Lambda queues the event, runs it in another invocation and, if that fails,
 * retries it twice, so a round interrupted by a fault is repeated without an operator (who can always repeat the
 * purge too). Each round schedules the next until the tenant is PURGED.
 */
public final class LambdaPurgeContinuation implements PurgeContinuation {

    /** The field of a continuation event: {@code {"execalcPurgeContinuation":{"tenantId","operator"}}}. */
    public static final String EVENT_KEY = "execalcPurgeContinuation";

    private final Supplier<LambdaClient> lambdaClient;
    private final Supplier<String> functionName;
    private LambdaClient lambda;

    /**
     * @param lambdaClient builds the Lambda client on the first round scheduled: few invocations continue a purge, so
     *                     the others neither build it nor load its classes (nor does the package's AOT training)
     * @param functionName the control-plane function's own name, as Lambda sets it; read when a round is scheduled,
     *                     so that a function started without it (a test of its environment) still starts
     */
    public LambdaPurgeContinuation(Supplier<LambdaClient> lambdaClient, Supplier<String> functionName) {
        this.lambdaClient = lambdaClient;
        this.functionName = functionName;
    }

    @Override
    public synchronized void schedule(String operator, TenantId tenant) {
        if (lambda == null) {
            lambda = lambdaClient.get();
        }
        lambda.invoke(invoke -> invoke.functionName(functionName.get()).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(event(operator, tenant).toString())));
    }

    /** The event of the next round. */
    public static ObjectNode event(String operator, TenantId tenant) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.putObject(EVENT_KEY).put("tenantId", tenant.value()).put("operator", operator);
        return event;
    }
}
