package com.execalc.infra;

import software.amazon.awscdk.App;

/** The CDK app: {@code cdk synth} runs this. */
public final class ExecalcApp {

    private ExecalcApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        new ExecalcStack(app, "ExecalcCloud");
        app.synth();
    }
}
