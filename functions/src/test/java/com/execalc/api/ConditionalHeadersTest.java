package com.execalc.api;

import com.execalc.tenancy.InvalidInputException;
import com.execalc.tenancy.Preconditions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** If-Match as RFC 9110 13.1.1 writes it, compared strongly against a current entity tag. */
class ConditionalHeadersTest {

    private static final String CURRENT = "01KB3Z8Q2N7M4V6X9C1D5F8H0J";

    private static boolean holds(String ifMatch, Optional<String> current) {
        return ConditionalHeaders.parseIfMatch(ifMatch).holdsFor(current);
    }

    @Test
    void star_shouldHoldForAnyCurrentVersion_butNotForNone() {
        assertThat(holds("*", Optional.of(CURRENT))).isTrue();
        assertThat(holds(" * ", Optional.of("7"))).isTrue();
        assertThat(holds("*", Optional.empty())).isFalse();
    }

    @Test
    void aStrongTag_shouldHoldOnlyForExactlyThatTag() {
        assertThat(holds("\"" + CURRENT + "\"", Optional.of(CURRENT))).isTrue();
        assertThat(holds("\"" + CURRENT.toLowerCase() + "\"", Optional.of(CURRENT))).isFalse();
        assertThat(holds("\"" + CURRENT + "\"", Optional.empty())).isFalse();
    }

    @Test
    void aWeakTag_shouldNeverHold_evenForTheSameOpaqueTag() {
        assertThat(holds("W/\"" + CURRENT + "\"", Optional.of(CURRENT))).isFalse();
    }

    @Test
    void aList_shouldHoldWhenAnyStrongTagInItIsTheCurrentOne() {
        String list = "\"other\", W/\"" + CURRENT + "\" ,,\t\"" + CURRENT + "\"";

        assertThat(holds(list, Optional.of(CURRENT))).isTrue();
        assertThat(holds("\"a\", W/\"" + CURRENT + "\"", Optional.of(CURRENT))).isFalse();
    }

    @Test
    void aBareNumber_shouldBeReadAsThatQuotedTag_asVersionsWereSentBefore() {
        assertThat(holds("3", Optional.of("3"))).isTrue();
        assertThat(holds("3", Optional.of(CURRENT))).isFalse();
    }

    @Test
    void noHeader_shouldAskNothing() {
        Preconditions none = Preconditions.none();

        assertThat(none.isConditional()).isFalse();
        assertThat(none.holdsFor(Optional.empty())).isTrue();
        assertThat(none.holdsFor(Optional.of(CURRENT))).isTrue();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", ",", "W/", "abc", "\"1", "1\"x", "\"\"1\"\"", "'1'", "1 2", "+1", "-0", "null",
            "w/\"1\"", "* , \"1\"", "\"1\" \"2\"", "\"a\"b", "\"a b\"", "\"a\u0001\"", "\"\u0100\"",
            "1234567890123456789"})
    void anythingElse_shouldBeRefused(String value) {
        assertThatThrownBy(() -> ConditionalHeaders.parseIfMatch(value)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void ifNoneMatchStar_shouldMakeTheWriteCreateOnly_andHoldOnlyWhenNothingIsThere() {
        Preconditions createOnly = ConditionalHeaders.ifMatchAndCreateOnly(request(Map.of("If-None-Match", " * ")));

        assertThat(createOnly.createOnly()).isTrue();
        assertThat(createOnly.holdsFor(Optional.empty())).isTrue();
        assertThat(createOnly.holdsFor(Optional.of(CURRENT))).isFalse();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "\"x\"", "W/\"x\"", "**", "*, \"x\"", "\"*\""})
    void anyOtherIfNoneMatch_shouldBeRefused(String value) {
        ApiRequest request = request(Map.of("If-None-Match", value));

        assertThatThrownBy(() -> ConditionalHeaders.ifMatchAndCreateOnly(request))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void ifNoneMatch_shouldBeRefused_whereTheWriteCannotCreate() {
        assertThatThrownBy(() -> ConditionalHeaders.refuseIfNoneMatch(request(Map.of("If-None-Match", "*")), "x"))
                .isInstanceOf(InvalidInputException.class);
        ConditionalHeaders.refuseIfNoneMatch(request(Map.of()), "nothing to refuse");
    }

    @Test
    void repeatedConditionalHeaders_shouldBeReadAsOneList() {
        ObjectNode event = new SampleEvents().read("tenant-api-put-record.json");
        ObjectNode repeated = event.putObject("multiValueHeaders");
        repeated.putArray("if-match").add("\"a\"").add("\"" + CURRENT + "\"");
        repeated.putArray("If-None-Match").add("*").add("\"x\"");
        ApiRequest request = new ApiRequest(event, new LambdaJson(), "id");

        assertThat(ConditionalHeaders.ifMatch(request).holdsFor(Optional.of(CURRENT))).isTrue();
        assertThatThrownBy(() -> ConditionalHeaders.createOnly(request)).isInstanceOf(InvalidInputException.class);
    }

    private static ApiRequest request(Map<String, String> headers) {
        ObjectNode event = new SampleEvents().read("tenant-api-put-record.json");
        headers.forEach(((ObjectNode) event.get("headers"))::put);
        return new ApiRequest(event, new LambdaJson(), "id");
    }

    @Test
    void moreThan32Tags_shouldBeRefused() {
        String tags = "\"t\",".repeat(ConditionalHeaders.MAX_TAGS);

        assertThat(holds(tags, Optional.of("t"))).isTrue();
        assertThatThrownBy(() -> ConditionalHeaders.parseIfMatch(tags + "\"u\""))
                .isInstanceOf(InvalidInputException.class);
    }
}
