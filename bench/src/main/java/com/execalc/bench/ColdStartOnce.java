package com.execalc.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold start, in a fresh JVM whose class path is the deployed jar and this class alone: loads the handler class
 * by name and builds it with its no-argument constructor, as Lambda's Java runtime does, then serves one event.
 *
 * <p>Arguments: handler class, event file (or {@code -} to stop after initialisation), tenant id (or {@code -}).
 * Prints one line, {@code initMs firstInvokeMs statusOrDash}, which {@link ColdStartProbe} reads.
 */
public final class ColdStartOnce {

    private ColdStartOnce() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        long initialised = System.nanoTime();
        String status = "-";
        if (!args[1].equals("-")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream event = Files.newInputStream(Path.of(args[1]))) {
                handler.handleRequest(event, out, new ProbeContext(args[2].equals("-") ? null : args[2]));
            }
            status = statusOf(out.toString(StandardCharsets.UTF_8));
        }
        long served = System.nanoTime();
        System.out.println((initialised - started) / 1_000_000 + " " + (served - initialised) / 1_000_000 + " " + status);
    }

    /** The proxy response's status code, or the authorizer's effect; enough to see the event was served, not failed. */
    private static String statusOf(String response) {
        int code = response.indexOf("\"statusCode\":");
        if (code >= 0) {
            return response.substring(code + 13, code + 16);
        }
        return response.contains("\"Allow\"") ? "Allow" : response.contains("\"Deny\"") ? "Deny" : "unknown";
    }

    private record ProbeContext(String tenantId) implements Context {
        @Override
        public String getAwsRequestId() {
            return "cold-start-probe";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/probe";
        }

        @Override
        public String getLogStreamName() {
            return "probe";
        }

        @Override
        public String getFunctionName() {
            return "probe";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:probe";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 10_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                }

                @Override
                public void log(byte[] message) {
                }
            };
        }

        @Override
        public String getTenantId() {
            return tenantId;
        }
    }
}
