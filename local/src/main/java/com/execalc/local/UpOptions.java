package com.execalc.local;

import com.execalc.wiring.Setting;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The flags of {@code ./execalc up}: {@code --port N}, and the identity settings under the names a deployment's CDK
 * context uses ({@code --issuer URL --audience A --jwks-uri URL --tenant-claim C --roles-claim C --role-map M
 * --token-use id|access --algorithms A,B --token-types T,U --clock-skew S}; {@code --name value} or
 * {@code --name=value}). With {@code --issuer} the stack verifies that provider's tokens instead of its own.
 *
 * @param port     the gateway's port, 0 to 65535 (0: any free one)
 * @param identity the identity settings given, by setting; the functions check their values when they start
 */
record UpOptions(int port, Map<Setting, String> identity) {

    UpOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("The port must be a number from 0 to 65535, not " + port);
        }
        Map<Setting, String> ordered = new EnumMap<>(Setting.class);
        ordered.putAll(identity);
        identity = Collections.unmodifiableMap(ordered);
        boolean any = identity.containsKey(Setting.JWT_ISSUER) || identity.containsKey(Setting.JWT_AUDIENCE)
                || identity.containsKey(Setting.JWKS_URI);
        boolean all = identity.containsKey(Setting.JWT_ISSUER) && identity.containsKey(Setting.JWT_AUDIENCE)
                && identity.containsKey(Setting.JWKS_URI);
        if (any && !all) {
            throw new IllegalArgumentException("Another provider's tokens need --issuer, --audience and --jwks-uri"
                    + " together");
        }
    }

    /** Whether the stack verifies another provider's tokens instead of its local issuer's. */
    boolean externalIssuer() {
        return identity.containsKey(Setting.JWT_ISSUER);
    }

    /** The identity settings as the functions' environment. */
    Map<String, String> environment() {
        return identity.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                entry -> entry.getKey().variable(), Map.Entry::getValue));
    }

    /**
     * Reads the flags; the port defaults to {@code defaultPort} ({@code EXECALC_PORT} or 3000).
     *
     * @throws IllegalArgumentException for an unknown flag, one without a value, or a malformed port
     */
    static UpOptions parse(String[] args, String defaultPort) {
        Objects.requireNonNull(defaultPort, "defaultPort");
        String port = defaultPort;
        Map<Setting, String> identity = new EnumMap<>(Setting.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "'. " + usage());
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value. " + usage());
            }
            if (name.equals("port")) {
                port = value;
                continue;
            }
            String flag = name;
            Setting setting = Setting.byOption(name).orElseThrow(() -> new IllegalArgumentException(
                    "Unknown flag --" + flag + ". " + usage()));
            identity.put(setting, value);
        }
        try {
            return new UpOptions(Integer.parseInt(port), identity);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The port must be a number from 0 to 65535, not '" + port + "'", e);
        }
    }

    static String usage() {
        return "Flags: --port N" + Setting.identitySettings().stream()
                .map(setting -> " --" + setting.option().orElseThrow().name() + " V")
                .collect(Collectors.joining()) + " (docs/DEPLOY.md, Identity providers).";
    }
}
