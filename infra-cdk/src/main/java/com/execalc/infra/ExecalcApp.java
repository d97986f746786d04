package com.execalc.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/** The CDK app: {@code cdk synth} (cdk.json) runs this. */
public final class ExecalcApp {

    /** The stack's name, and the name of its template in {@code cdk.out}. */
    public static final String STACK_NAME = "ExecalcCloud";

    private ExecalcApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /** Adds the stack to {@code app} and the cdk-nag AwsSolutions checks to everything in it. */
    public static ExecalcStack build(App app) {
        ExecalcStack stack = new ExecalcStack(app, STACK_NAME, StackProps.builder()
                .description("Execalc Cloud: multi-tenant governed judgment platform")
                .build());
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }
}
