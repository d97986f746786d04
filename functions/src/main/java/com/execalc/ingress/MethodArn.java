package com.execalc.ingress;

/**
 * The ARN of the method an API Gateway request targets:
 * {@code arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>}.
 *
 * @param apiArn the part before the stage: {@code arn:aws:execute-api:<region>:<account>:<apiId>}
 * @param stage  the deployment stage
 */
public record MethodArn(String apiArn, String stage) {

    public MethodArn {
        if (apiArn == null || !apiArn.startsWith("arn:") || apiArn.contains("/") || apiArn.contains("*")) {
            throw new IllegalArgumentException("Not an execute-api ARN.");
        }
        if (stage == null || stage.isBlank() || stage.contains("/") || stage.contains("*")) {
            throw new IllegalArgumentException("Not an execute-api stage.");
        }
    }

    /** Reads the API and stage of a method ARN; the method and path are not needed. */
    public static MethodArn parse(String methodArn) {
        if (methodArn == null) {
            throw new IllegalArgumentException("No method ARN.");
        }
        String[] parts = methodArn.split("/", 3);
        if (parts.length < 3) {
            throw new IllegalArgumentException("Not an execute-api method ARN.");
        }
        return new MethodArn(parts[0], parts[1]);
    }

    /** Every method of every route of this API and stage: what a Deny must cover to be cached safely. */
    public String everyRoute() {
        return apiArn + "/" + stage + "/*/*";
    }

    /** The resource ARN of a route in this API and stage; path parameters become {@code *}. */
    public String resourceOf(Route route) {
        return apiArn + "/" + stage + "/" + route.method() + route.policyPath();
    }
}
