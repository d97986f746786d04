package com.execalc.local;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Gives tests a running {@link LocalCloud}: one real dynalite and one local gateway on free ports, started on first use
 * and shared by every test class of the run, stopped when the run ends. Tests keep out of each other's way by using
 * their own tenant ids: a {@link RegisteredTenant} parameter is a fresh one, registered in that stack.
 *
 * <p>Also gives them the {@link OpenApiContract} their responses are validated against, one for the run, whose
 * coverage is printed and written to {@value #COVERAGE_REPORT} (in the local module) when the run ends. The
 * {@link ApiClient} it gives, and the one of each {@link RegisteredTenant}, check every response against it.
 */
public final class LocalCloudExtension implements ParameterResolver {

    /** Where the run's contract coverage goes, relative to the repository root. */
    public static final String COVERAGE_REPORT = "local/target/openapi-coverage.txt";

    private static final Set<Class<?>> RESOLVED = Set.of(LocalCloud.class, RegisteredTenant.class, ApiClient.class,
            OpenApiContract.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalCloudExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return RESOLVED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        OpenApiContract contract = contract(extension);
        if (type == OpenApiContract.class) {
            return contract;
        }
        LocalCloud cloud = extension.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack", key -> new CloudResource(LocalCloud.start(0)), CloudResource.class)
                .cloud();
        return resolve(type, cloud, contract);
    }

    /** The run's contract: one for every test class, so that its coverage is the whole run's. */
    static OpenApiContract contract(ExtensionContext extension) {
        return extension.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("contract",
                key -> new ContractResource(OpenApiContract.ofRepository()), ContractResource.class).contract();
    }

    /**
     * A {@link LocalCloud}, a client of it, or a tenant freshly registered in it; the client (the tenant's too) checks
     * every API response against {@code contract}, none when it is {@code null}.
     */
    static Object resolve(Class<?> type, LocalCloud cloud, OpenApiContract contract) {
        if (type == LocalCloud.class) {
            return cloud;
        }
        ApiClient api = new ApiClient(cloud.baseUri(), contract);
        return type == ApiClient.class ? api : RegisteredTenant.register(api);
    }

    private record CloudResource(LocalCloud cloud) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            cloud.close();
        }
    }

    /** Reports what the run validated when it ends. */
    private record ContractResource(OpenApiContract contract)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            String coverage = contract.coverage();
            System.out.print(coverage);
            Path report = RepositoryRoot.find().resolve(COVERAGE_REPORT);
            try {
                Files.createDirectories(report.getParent());
                Files.writeString(report, coverage);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write " + report, e);
            }
        }
    }
}
