package com.execalc.ingress;

import com.execalc.tenancy.TenantId;
import com.execalc.tenancy.TenantRole;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** Who a verified token speaks for: exactly one tenant member, or a platform operator who belongs to no tenant. */
public sealed interface Principal {

    /** The token's {@code sub}. */
    String subject();

    /** A member of exactly one tenant. A member without any tenant role is known but may not pass. */
    record TenantMember(TenantId tenantId, String subject, Set<TenantRole> roles) implements Principal {
        public TenantMember {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(subject, "subject");
            roles = roles.isEmpty()
                    ? Collections.unmodifiableSet(EnumSet.noneOf(TenantRole.class))
                    : Collections.unmodifiableSet(EnumSet.copyOf(roles));
        }
    }

    /** A platform operator: manages the tenant registry, never acts inside a tenant. */
    record PlatformOperator(String subject) implements Principal {
        public PlatformOperator {
            Objects.requireNonNull(subject, "subject");
        }
    }
}
