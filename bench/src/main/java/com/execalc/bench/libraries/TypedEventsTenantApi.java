package com.execalc.bench.libraries;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.execalc.api.TenantApiHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An experiment, never deployed: the tenant API as if it took {@code aws-lambda-java-events}' typed proxy events, to
 * measure what that costs on the packaged first response. The runtime interface client binds a typed handler's event
 * and response with its serialization library; this does the same around the real handler: the request bound to an
 * {@link APIGatewayProxyRequestEvent}, the handler's answer bound to an {@link APIGatewayProxyResponseEvent} and
 * written back. The real handler still reads the JSON tree, so this is an upper bound of adopting the typed events.
 */
public final class TypedEventsTenantApi implements RequestStreamHandler {

    private final TenantApiHandler api = new TenantApiHandler();
    private final ClassLoader loader = TypedEventsTenantApi.class.getClassLoader();
    private final PojoSerializer<APIGatewayProxyRequestEvent> requests =
            LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, loader);
    private final PojoSerializer<APIGatewayProxyResponseEvent> responses =
            LambdaEventSerializers.serializerFor(APIGatewayProxyResponseEvent.class, loader);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        APIGatewayProxyRequestEvent request = requests.fromJson(new ByteArrayInputStream(event));
        if (request.getRequestContext() == null || request.getPathParameters() == null) {
            throw new IllegalStateException("The typed event lost its request context");
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        api.handleRequest(new ByteArrayInputStream(event), answer, context);
        APIGatewayProxyResponseEvent response = responses.fromJson(new ByteArrayInputStream(answer.toByteArray()));
        responses.toJson(response, output);
    }
}
