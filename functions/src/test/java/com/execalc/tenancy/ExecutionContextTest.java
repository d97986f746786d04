package com.execalc.tenancy;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionContextTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private final TenantContext acme = new TenantContext(TenantId.of("acme"), "alice", Set.of(TenantRole.ADMIN), "req-1");

    @Test
    void open_shouldExposeTheTenant_whileOpen() {
        try (ExecutionContext context = ExecutionContext.open(acme, null, NOW)) {
            assertThat(context.isOpen()).isTrue();
            assertThat(context.tenantId()).isEqualTo(TenantId.of("acme"));
            assertThat(context.requestId()).isEqualTo("req-1");
            assertThat(context.openedAt()).isEqualTo(NOW);
        }
    }

    @Test
    void open_shouldAccept_whenTheIsolatedEnvironmentServesTheSameTenant() {
        try (ExecutionContext context = ExecutionContext.open(acme, "acme", NOW)) {
            assertThat(context.tenantId().value()).isEqualTo("acme");
        }
    }

    @Test
    void open_shouldFailClosed_whenTheIsolatedEnvironmentServesAnotherTenant() {
        assertThatThrownBy(() -> ExecutionContext.open(acme, "globex", NOW))
                .isInstanceOf(IsolationBreachException.class)
                .hasMessageContaining("req-1");
    }

    @Test
    void everyAccessor_shouldThrow_afterClose() {
        ExecutionContext context = ExecutionContext.open(acme, null, NOW);

        context.close();

        assertThat(context.isOpen()).isFalse();
        assertThatThrownBy(context::tenant).isInstanceOf(ExecutionContextClosedException.class);
        assertThatThrownBy(context::tenantId).isInstanceOf(ExecutionContextClosedException.class);
        assertThatThrownBy(context::requestId).isInstanceOf(ExecutionContextClosedException.class);
        assertThatThrownBy(context::openedAt).isInstanceOf(ExecutionContextClosedException.class);
        assertThatThrownBy(() -> context.own(() -> { })).isInstanceOf(ExecutionContextClosedException.class);
    }

    @Test
    void close_shouldCloseOwnedResources_lastOwnedFirst() {
        List<String> closed = new ArrayList<>();
        ExecutionContext context = ExecutionContext.open(acme, null, NOW);
        context.own(() -> closed.add("credentials"));
        context.own(() -> closed.add("data access"));

        context.close();
        context.close();

        assertThat(closed).containsExactly("data access", "credentials");
    }

    @Test
    void close_shouldRunInFinally_whenTheRequestThrows() {
        List<String> closed = new ArrayList<>();
        ExecutionContext[] seen = new ExecutionContext[1];

        assertThatThrownBy(() -> {
            try (ExecutionContext context = ExecutionContext.open(acme, null, NOW)) {
                seen[0] = context;
                context.own(() -> closed.add("credentials"));
                throw new IllegalStateException("capability failed");
            }
        }).hasMessage("capability failed");

        assertThat(seen[0].isOpen()).isFalse();
        assertThat(closed).containsExactly("credentials");
    }

    @Test
    void close_shouldCloseEveryResource_evenWhenOneFails() {
        List<String> closed = new ArrayList<>();
        ExecutionContext context = ExecutionContext.open(acme, null, NOW);
        context.own(() -> closed.add("first"));
        context.own(() -> {
            throw new IllegalStateException("boom");
        });

        assertThatThrownBy(context::close).hasRootCauseMessage("boom");
        assertThat(closed).containsExactly("first");
        assertThat(context.isOpen()).isFalse();
    }
}
