package com.execalc.local;

import com.execalc.digest.DigestSchedule;
import com.execalc.wiring.Setting;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The flags of {@code ./execalc up}: {@code --port N}; {@code --offboarding-grace-days N} (days before an offboarded
 * tenant may be purged, 30 by default); {@code --audit-digest-seconds N} (the digester runs every N seconds over
 * periods of N, hourly by default); how the stack runs ({@code --data-dir DIR} keeps the data across
 * restarts, {@code --verbose} also prints the functions' log lines, {@code --detach} says that the launcher runs it in
 * the background); and the identity settings under the names a deployment's CDK context uses ({@code --issuer URL
 * --audience A --jwks-uri URL --tenant-claim C --roles-claim C --role-map M --token-use id|access --algorithms A,B
 * --token-types T,U --clock-skew S}). A flag with a value is {@code --name value} or {@code --name=value}. With
 * {@code --issuer} the stack verifies that provider's tokens instead of its own.
 *
 * @param port     the gateway's port, 0 to 65535 (0: any free one)
 * @param identity the identity settings given, by setting; the functions check their values when they start
 * @param dataDir  where dynalite keeps the tables, or {@code null} for memory (the default: every start is empty)
 * @param verbose  whether the functions' log lines are printed as well as written to the log file
 * @param detach   whether the stack runs in the background, stopped by {@code ./execalc down} (the launcher starts it
 *                 so; the stack only says so in what it prints)
 */
record UpOptions(int port, Map<Setting, String> identity, Path dataDir, boolean verbose, boolean detach,
                 int offboardingGraceDays, Duration auditDigestPeriod) {

    private static final String VERBOSE = "verbose";
    private static final String DETACH = "detach";
    private static final String DATA_DIR = "data-dir";
    private static final String PORT = "port";
    private static final String GRACE = "offboarding-grace-days";
    private static final String AUDIT_DIGEST_SECONDS = "audit-digest-seconds";

    /** With the deployed default grace period and the hourly digest period. */
    UpOptions(int port, Map<Setting, String> identity, Path dataDir, boolean verbose, boolean detach) {
        this(port, identity, dataDir, verbose, detach, (int) GatewaySettings.DEFAULT_OFFBOARDING_GRACE.toDays(), null);
    }

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
        dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
        if (offboardingGraceDays < 0 || offboardingGraceDays > 3650) {
            throw new IllegalArgumentException("--offboarding-grace-days must be a whole number from 0 to 3650, not "
                    + offboardingGraceDays);
        }
        auditDigestPeriod = auditDigestPeriod == null ? DigestSchedule.DEFAULT_PERIOD : auditDigestPeriod;
        if (auditDigestPeriod.toSeconds() < 1 || auditDigestPeriod.getNano() != 0) {
            throw new IllegalArgumentException("--audit-digest-seconds takes a whole number of seconds, at least 1");
        }
    }

    /** The gateway's settings: the defaults, with the grace period of {@code --offboarding-grace-days}. */
    GatewaySettings gatewaySettings() {
        return GatewaySettings.defaults().withOffboardingGrace(Duration.ofDays(offboardingGraceDays));
    }

    /** Whether the stack verifies another provider's tokens instead of its local issuer's. */
    boolean externalIssuer() {
        return identity.containsKey(Setting.JWT_ISSUER);
    }

    /** Where dynalite keeps the data; empty when it is in memory. */
    Optional<Path> persistentData() {
        return Optional.ofNullable(dataDir);
    }

    /** The identity settings as the functions' environment. */
    Map<String, String> environment() {
        return identity.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                entry -> entry.getKey().variable(), Map.Entry::getValue));
    }

    /**
     * Reads the flags; the port defaults to {@code defaultPort} ({@code EXECALC_PORT} or 3000).
     *
     * @throws IllegalArgumentException for an unknown flag, one without a value, a value given to a switch, a blank
     *                                  data folder or a malformed port
     */
    static UpOptions parse(String[] args, String defaultPort) {
        Objects.requireNonNull(defaultPort, "defaultPort");
        String port = defaultPort;
        Map<Setting, String> identity = new EnumMap<>(Setting.class);
        Path dataDir = null;
        boolean verbose = false;
        boolean detach = false;
        String grace = Long.toString(GatewaySettings.DEFAULT_OFFBOARDING_GRACE.toDays());
        Duration digestPeriod = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "'. " + usage());
            }
            String name = arg.substring(2);
            int equals = name.indexOf('=');
            if (name.equals(VERBOSE) || name.equals(DETACH)) {
                // switches take no value, so that `--verbose --port 3001` reads as it looks
                verbose |= name.equals(VERBOSE);
                detach |= name.equals(DETACH);
                continue;
            }
            String value;
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value. " + usage());
            }
            switch (name) {
                case PORT -> port = value;
                case GRACE -> grace = value;
                case AUDIT_DIGEST_SECONDS -> digestPeriod = LocalAuditDigests.periodOf(new String[] {"--" + name, value});
                case VERBOSE, DETACH -> throw new IllegalArgumentException("--" + name + " takes no value. " + usage());
                case DATA_DIR -> {
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("--data-dir needs a folder. " + usage());
                    }
                    dataDir = Path.of(value);
                }
                default -> {
                    String flag = name;
                    Setting setting = Setting.byOption(name).orElseThrow(() -> new IllegalArgumentException(
                            "Unknown flag --" + flag + ". " + usage()));
                    identity.put(setting, value);
                }
            }
        }
        int graceDays;
        try {
            graceDays = Integer.parseInt(grace);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--offboarding-grace-days must be a whole number from 0 to 3650, not '"
                    + grace + "'", e);
        }
        try {
            return new UpOptions(Integer.parseInt(port), identity, dataDir, verbose, detach, graceDays, digestPeriod);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The port must be a number from 0 to 65535, not '" + port + "'", e);
        }
    }

    static String usage() {
        return "Flags: --port N --data-dir DIR --verbose --detach --offboarding-grace-days N --audit-digest-seconds N"
                + Setting.identitySettings().stream()
                .map(setting -> " --" + setting.option().orElseThrow().name() + " V")
                .collect(Collectors.joining()) + " (README, Running locally; docs/DEPLOY.md, Identity providers).";
    }
}
