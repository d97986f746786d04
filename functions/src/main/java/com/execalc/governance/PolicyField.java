package com.execalc.governance;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One governance setting, declared once: where it sits in the policy document, how it is read and written, and which
 * way is stricter.
 *
 * @param <T> the setting's type
 */
public final class PolicyField<T> {

    private final String path;
    private final Function<PolicySettings, T> read;
    private final BiFunction<PolicySettings, T, PolicySettings> write;
    private final Strictness<T> strictness;
    private final Function<JsonNode, T> parse;
    private final Function<T, JsonNode> render;

    PolicyField(String path, Function<PolicySettings, T> read, BiFunction<PolicySettings, T, PolicySettings> write,
                Strictness<T> strictness, Function<JsonNode, T> parse, Function<T, JsonNode> render) {
        this.path = Objects.requireNonNull(path, "path");
        this.read = read;
        this.write = write;
        this.strictness = strictness;
        this.parse = parse;
        this.render = render;
    }

    /** The field's path in the policy document, e.g. {@code execution.maxOptions}. */
    public String path() {
        return path;
    }

    T read(PolicySettings settings) {
        return read.apply(settings);
    }

    /** Parses a requested value. @throws com.execalc.tenancy.InvalidInputException when it is malformed */
    T parse(JsonNode value) {
        return parse.apply(value);
    }

    JsonNode render(T value) {
        return render.apply(value);
    }

    /** The violation, when {@code requested} would loosen the global value. */
    Optional<PolicyViolation> check(PolicySettings global, T requested) {
        T limit = read(global);
        return strictness.loosens(limit, requested)
                ? Optional.of(new PolicyViolation(path, render(requested), render(limit)))
                : Optional.empty();
    }

    /** {@code settings} with this field made at least as strict as {@code requested}. */
    PolicySettings tighten(PolicySettings settings, T requested) {
        return write.apply(settings, strictness.tighter(read(settings), requested));
    }

    @Override
    public String toString() {
        return path;
    }
}
