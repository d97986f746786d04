package com.execalc.local;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Set;

/**
 * Gives tests a running {@link LocalCloud}: one real dynalite and one local gateway on free ports, started on first use
 * and shared by every test class of the run, stopped when the run ends. Tests keep out of each other's way by using
 * their own tenant ids: a {@link RegisteredTenant} parameter is a fresh one, registered in that stack.
 */
public final class LocalCloudExtension implements ParameterResolver {

    private static final Set<Class<?>> RESOLVED = Set.of(LocalCloud.class, RegisteredTenant.class, ApiClient.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return RESOLVED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        LocalCloud cloud = extension.getRoot().getStore(ExtensionContext.Namespace.create(LocalCloudExtension.class))
                .getOrComputeIfAbsent("stack", key -> new CloudResource(LocalCloud.start(0)), CloudResource.class)
                .cloud();
        return resolve(parameter.getParameter().getType(), cloud);
    }

    /** A {@link LocalCloud}, a client of it, or a tenant freshly registered in it. */
    static Object resolve(Class<?> type, LocalCloud cloud) {
        if (type == LocalCloud.class) {
            return cloud;
        }
        ApiClient api = new ApiClient(cloud.baseUri());
        return type == ApiClient.class ? api : RegisteredTenant.register(api);
    }

    private record CloudResource(LocalCloud cloud) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            cloud.close();
        }
    }
}
