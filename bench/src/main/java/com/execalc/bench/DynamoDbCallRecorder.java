package com.execalc.bench;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records every DynamoDB call that any SDK client of this JVM completes while a recording is open: the calls one
 * request through the local gateway made (authorizer, tenant API), which the overhead harness then replays directly.
 *
 * <p>Registered for every client through the SDK's global interceptor file, so it needs static state: one recording
 * at a time, opened and closed by the harness, which sends one request at a time. Benchmark code only.
 */
public final class DynamoDbCallRecorder implements ExecutionInterceptor {

    /** One completed call: the request as sent, whether DynamoDB answered it with an error, and how long it took. */
    public record Call(SdkRequest request, boolean failed, long nanos) {
    }

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("execalc.bench.started");

    private static final AtomicReference<List<Call>> RECORDING = new AtomicReference<>();

    public static void start() {
        if (!RECORDING.compareAndSet(null, new ArrayList<>())) {
            throw new IllegalStateException("A recording is already open");
        }
    }

    public static List<Call> stop() {
        List<Call> calls = RECORDING.getAndSet(null);
        if (calls == null) {
            throw new IllegalStateException("No recording is open");
        }
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(context.request(), false, attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(context.request(), true, attributes);
    }

    private static void record(SdkRequest request, boolean failed, ExecutionAttributes attributes) {
        List<Call> calls = RECORDING.get();
        if (calls != null && request.getClass().getPackageName().endsWith("dynamodb.model")) {
            long nanos = System.nanoTime() - attributes.getAttribute(STARTED);
            synchronized (calls) {
                calls.add(new Call(request, failed, nanos));
            }
        }
    }
}
