package com.execalc.local;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;

/**
 * Gives a test class a {@link LocalCloud} of its own whose functions reach dynalite through a {@link FaultProxy}: the
 * proxy, the stack ({@link LocalCloud}), a client ({@link ApiClient}) and fresh tenants ({@link RegisteredTenant})
 * are parameters. One stack and proxy per top-level test class (its nested classes share them), closed after its
 * {@code @AfterAll} methods.
 *
 * <p>The stand-in for the audit table's stream is off: the shipper's calls would reach dynalite through the proxy in
 * the background, so the only calls the proxy sees are those of the requests a test sends. Its clients check no
 * response against the contract: the faults make answers the suites assert on themselves.
 */
public final class FaultProxyCloudExtension implements ParameterResolver {

    private static final Set<Class<?>> RESOLVED = Set.of(LocalCloud.class, FaultProxy.class, RegisteredTenant.class,
            ApiClient.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(FaultProxyCloudExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return RESOLVED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        FaultStack stack = topLevelClass(extension).getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack", key -> FaultStack.start(), FaultStack.class);
        Class<?> type = parameter.getParameter().getType();
        return type == FaultProxy.class ? stack.proxy() : LocalCloudExtension.resolve(type, stack.cloud(), null);
    }

    /** The context of the outermost test class: nested classes and test methods share its stack. */
    private static ExtensionContext topLevelClass(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
            current = current.getParent().orElseThrow();
        }
        return current;
    }

    private record FaultStack(FaultProxy proxy, LocalCloud cloud)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        static FaultStack start() {
            Dynalite dynalite = Dynalite.inMemory();
            FaultProxy proxy = FaultProxy.to(dynalite.endpoint());
            try {
                return new FaultStack(proxy, LocalCloud.start(0, dynalite, proxy.endpoint(),
                        Files.createTempDirectory("execalc-audit-logs"), false,
                        new GatewaySettings(Duration.ZERO, false)));
            } catch (IOException e) {
                proxy.close();
                dynalite.close();
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                proxy.close();
                throw e;
            }
        }

        @Override
        public void close() {
            cloud.close();
            proxy.close();
        }
    }
}
