package com.execalc.local;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives tests a running {@link LocalStack}: one real dynalite and one local gateway on free ports, started on first use
 * and shared by every test class of the run, stopped when the run ends. Tests keep out of each other's way by using
 * their own tenant ids.
 *
 * <p>Also gives them the {@link OpenApiContract} their responses are validated against, one for the run, whose
 * coverage is printed and written to {@value #COVERAGE_REPORT} (in the local module) when the run ends.
 */
public final class LocalStackExtension implements ParameterResolver {

    /** Where the run's contract coverage goes, relative to the repository root. */
    public static final String COVERAGE_REPORT = "local/target/openapi-coverage.txt";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalStack.class || type == OpenApiContract.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        ExtensionContext.Store store = extension.getRoot()
                .getStore(ExtensionContext.Namespace.create(LocalStackExtension.class));
        if (parameter.getParameter().getType() == OpenApiContract.class) {
            return store.getOrComputeIfAbsent("contract", key -> new ContractResource(OpenApiContract.ofRepository()),
                    ContractResource.class).contract();
        }
        return store.getOrComputeIfAbsent("stack", key -> new StackResource(LocalStack.start(0)), StackResource.class)
                .stack();
    }

    private record StackResource(LocalStack stack) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            stack.close();
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
