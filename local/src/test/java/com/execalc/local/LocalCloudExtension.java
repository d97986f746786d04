package com.execalc.local;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running {@link LocalCloud}: one real dynalite and one local gateway on free ports, started on first use
 * and shared by every test class of the run, stopped when the run ends. Tests keep out of each other's way by using
 * their own tenant ids.
 */
public final class LocalCloudExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == LocalCloud.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return extension.getRoot().getStore(ExtensionContext.Namespace.create(LocalCloudExtension.class))
                .getOrComputeIfAbsent("stack", key -> new StackResource(LocalCloud.start(0)), StackResource.class)
                .stack();
    }

    private record StackResource(LocalCloud stack) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            stack.close();
        }
    }
}
