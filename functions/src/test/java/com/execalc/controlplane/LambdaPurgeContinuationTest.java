package com.execalc.controlplane;

import com.execalc.tenancy.TenantId;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployed continuation of a purge: the function invokes itself, building its Lambda client only when it must. */
class LambdaPurgeContinuationTest {

    private final List<InvokeRequest> invocations = new ArrayList<>();
    private final AtomicInteger clientsBuilt = new AtomicInteger();

    /** Records the invocations instead of sending them: the request is what this class decides. */
    private LambdaClient recordingClient() {
        clientsBuilt.incrementAndGet();
        return new LambdaClient() {
            @Override
            public InvokeResponse invoke(InvokeRequest request) {
                invocations.add(request);
                return InvokeResponse.builder().statusCode(202).build();
            }

            @Override
            public String serviceName() {
                return "lambda";
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aControlPlaneThatSchedulesNoRound_shouldNeverBuildTheLambdaClient() {
        new LambdaPurgeContinuation(this::recordingClient, () -> "execalc-control-plane");

        assertThat(clientsBuilt).hasValue(0);
    }

    @Test
    void eachRound_shouldInvokeTheFunctionItselfAsynchronously_withOneClientForEveryRound() {
        LambdaPurgeContinuation continuation = new LambdaPurgeContinuation(this::recordingClient,
                () -> "execalc-control-plane");

        continuation.schedule("olga", new TenantId("acme"));
        continuation.schedule("olga", new TenantId("acme"));

        assertThat(clientsBuilt).hasValue(1);
        assertThat(invocations).hasSize(2).allSatisfy(request -> {
            assertThat(request.functionName()).isEqualTo("execalc-control-plane");
            assertThat(request.invocationType()).isEqualTo(InvocationType.EVENT);
            assertThat(request.payload().asUtf8String())
                    .isEqualTo("{\"execalcPurgeContinuation\":{\"tenantId\":\"acme\",\"operator\":\"olga\"}}");
        });
    }
}
