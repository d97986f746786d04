package com.execalc.packaging;

import com.execalc.api.AuditDigesterHandler;
import com.execalc.api.AuditShipperHandler;
import com.execalc.api.AuthorizerHandler;
import com.execalc.api.ControlPlaneHandler;
import com.execalc.api.TenantApiHandler;

import java.nio.file.Path;
import java.util.List;

/**
 * The five functions that get a zip each, named by the functions' own constants.
 *
 * <p>{@link #events()} are the sample events of {@code events/} that the training run serves, in order; the
 * authorizer's sample carries an unsigned token, so its training also serves one with a real token (see
 * {@link TrainingRun}).
 */
public enum PackagedFunction {
    AUTHORIZER(AuthorizerHandler.FUNCTION, AuthorizerHandler.class.getName(), List.of("authorizer-request.json")),
    TENANT_API(TenantApiHandler.FUNCTION, TenantApiHandler.class.getName(), List.of(
            "tenant-api-get-me.json", "tenant-api-put-namespace.json", "tenant-api-put-record.json",
            "tenant-api-get-record.json", "tenant-api-list-records.json", "tenant-api-delete-record.json")),
    CONTROL_PLANE(ControlPlaneHandler.FUNCTION, ControlPlaneHandler.class.getName(),
            List.of("control-plane-create-tenant.json")),
    AUDIT_SHIPPER(AuditShipperHandler.FUNCTION, AuditShipperHandler.class.getName(),
            List.of("audit-shipper-stream.json")),
    AUDIT_DIGESTER(AuditDigesterHandler.FUNCTION, AuditDigesterHandler.class.getName(),
            List.of("audit-digester-schedule.json"));

    /** Where the zips are written, relative to the repository root. */
    public static final String PACKAGES = "functions/target/lambda";

    private final String functionName;
    private final String handler;
    private final List<String> events;

    PackagedFunction(String functionName, String handler, List<String> events) {
        this.functionName = functionName;
        this.handler = handler;
        this.events = events;
    }

    /** The function's name: its zip's, its logs', and {@code GET /_local/functions}'. */
    public String functionName() {
        return functionName;
    }

    /** The handler class: Lambda's {@code _HANDLER}. */
    public String handler() {
        return handler;
    }

    /** The sample events its training run serves, file names in {@code events/}. */
    public List<String> events() {
        return events;
    }

    /** Its zip in {@code packages}: {@code <name>.zip}. */
    public Path zip(Path packages) {
        return packages.resolve(functionName + ".zip");
    }

    /** The function of this name. */
    public static PackagedFunction named(String name) {
        for (PackagedFunction function : values()) {
            if (function.functionName.equals(name)) {
                return function;
            }
        }
        throw new IllegalArgumentException("No packaged function named '" + name + "'");
    }
}
