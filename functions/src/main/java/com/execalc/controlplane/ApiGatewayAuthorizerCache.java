package com.execalc.controlplane;

import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

/** The authorizer cache of the API's deployed stage, flushed with API Gateway's FlushStageAuthorizersCache. */
public final class ApiGatewayAuthorizerCache implements AuthorizerCache {

    private final ApiGatewayClient apiGateway;
    private final String restApiId;
    private final String stage;

    public ApiGatewayAuthorizerCache(ApiGatewayClient apiGateway, String restApiId, String stage) {
        this.apiGateway = apiGateway;
        this.restApiId = restApiId;
        this.stage = stage;
    }

    @Override
    public void flush() {
        apiGateway.flushStageAuthorizersCache(flush -> flush.restApiId(restApiId).stageName(stage));
    }
}
