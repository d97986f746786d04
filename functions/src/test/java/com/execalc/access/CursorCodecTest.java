package com.execalc.access;

import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorCodecTest {

    private final CursorCodec codec = new CursorCodec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private final TenantId acme = TenantId.of("acme");
    private final TenantId globex = TenantId.of("globex");

    @Test
    void decode_shouldReturnTheSortKey_forTheSameTenantAndListing() {
        String cursor = codec.encode(acme, "records:orders", "REC#42");

        assertThat(codec.decode(cursor, acme, "records:orders")).isEqualTo("REC#42");
    }

    @Test
    void decode_shouldRefuse_aCursorOfAnotherTenant() {
        String cursor = codec.encode(acme, "records:orders", "REC#42");

        assertThatThrownBy(() -> codec.decode(cursor, globex, "records:orders"))
                .isInstanceOf(CursorCodec.InvalidCursorException.class);
    }

    @Test
    void decode_shouldRefuse_aCursorOfAnotherListing() {
        String cursor = codec.encode(acme, "records:orders", "REC#42");

        assertThatThrownBy(() -> codec.decode(cursor, acme, "records:invoices"))
                .isInstanceOf(CursorCodec.InvalidCursorException.class);
    }

    @Test
    void decode_shouldRefuse_tamperedAndGarbageCursors() {
        String cursor = codec.encode(acme, "records:orders", "REC#42");
        char last = cursor.charAt(cursor.length() - 1);
        String tampered = cursor.substring(0, cursor.length() - 1) + (last == 'A' ? 'B' : 'A');
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("acme\nrecords:orders\nREC#99".getBytes(StandardCharsets.UTF_8))
                + cursor.substring(cursor.indexOf('.'));

        for (String bad : new String[] {tampered, forgedPayload, "", ".", "abc", "abc.", ".abc", "!!.!!",
                "x".repeat(5000)}) {
            assertThatThrownBy(() -> codec.decode(bad, acme, "records:orders")).as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("The cursor is not valid for this listing.");
        }
    }

    @Test
    void decode_shouldRefuse_aCursorSealedWithAnotherSecret() {
        CursorCodec other = new CursorCodec("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.decode(other.encode(acme, "records:orders", "REC#42"), acme, "records:orders"))
                .isInstanceOf(CursorCodec.InvalidCursorException.class);
    }
}
