package com.execalc.local;

import java.util.Objects;

/**
 * A tenant registered through the control plane for one test (active, tier standard), and its members' tokens,
 * signed by the stack's local issuer. A test gets one as a parameter from {@link LocalCloudExtension} or
 * {@link FaultProxyCloudExtension}: of a constructor or a {@code @BeforeAll} method, one for the class; of a
 * {@code @BeforeEach} or test method, a fresh one each time. Its id is unique, so tests never share data by accident.
 *
 * @param id  the tenant id, {@code acme-<8 hex digits>}
 * @param api a client of the stack the tenant is registered in
 */
public record RegisteredTenant(String id, ApiClient api) {

    public RegisteredTenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(api, "api");
    }

    /** Registers a fresh tenant in the stack {@code api} talks to. */
    static RegisteredTenant register(ApiClient api) {
        String id = ApiClient.uniqueTenant("acme");
        api.registerTenant(id);
        return new RegisteredTenant(id, api);
    }

    /** A token of the member {@code subject} with {@code roles}. */
    public String token(String subject, String... roles) {
        return api.token(id, subject, roles);
    }

    /** A token of {@code alice}, admin: the member most tests act as. */
    public String admin() {
        return token("alice", "admin");
    }
}
