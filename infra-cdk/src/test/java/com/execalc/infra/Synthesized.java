package com.execalc.infra;

import com.execalc.packaging.Jdk25;
import com.execalc.packaging.PackageManifest;
import com.execalc.packaging.PackagedFunction;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The app synthesized the way {@code cdk synth} does it (cdk.json's context, cdk-nag applied), once per set of extra
 * context values for the whole test run: synthesis costs seconds, assertions cost nothing.
 *
 * <p>The functions jar and the five packages are stand-in zips (a package's stand-in holds only its manifest, of this
 * machine's JDK 25), so that these tests need neither the shaded jar nor the packages' build; what they hold is the
 * functions' and the packaging module's own business.
 */
final class Synthesized {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Map<String, String>, Synthesized> CACHE = new ConcurrentHashMap<>();

    private final ExecalcStack stack;
    private final Template template;
    private final JsonNode json;

    private Synthesized(ExecalcStack stack, Template template) {
        this.stack = stack;
        this.template = template;
        this.json = JSON.valueToTree(template.toJSON());
    }

    /** The default deployment: cdk.json's context only. */
    static Synthesized defaults() {
        return with(Map.of());
    }

    /** The values of {@link #alternative()}. */
    static final Map<String, String> ALTERNATIVE_CONTEXT = Map.of(
            "runtime", "managed",
            "tenancyMode", "shared",
            "authorizerCacheTtlSeconds", "0",
            "issuer", "https://idp.example.com/",
            "audience", "execalc-api",
            "jwks-uri", "https://idp.example.com/.well-known/jwks.json",
            "tenant-claim", "https://example.com/tenant",
            "roles-claim", "https://example.com/roles",
            "role-map", "Execalc-Admins=admin,Readers=viewer",
            "clock-skew", "30");

    /**
     * Every context option set away from its default at once (the managed runtime, shared mode, no authorizer cache,
     * an external OIDC issuer with its own claims): one more synthesis covers them all.
     */
    static Synthesized alternative() {
        return with(ALTERNATIVE_CONTEXT);
    }

    /** A deployment with these context values on top of cdk.json's. */
    static Synthesized with(Map<String, String> context) {
        return CACHE.computeIfAbsent(Map.copyOf(context), Synthesized::synthesize);
    }

    /** An app with cdk.json's context plus these values, and the stand-in jar; not yet synthesized. */
    static App app(Map<String, String> context) {
        Map<String, Object> all = new HashMap<>(cdkJsonContext());
        all.put("functionsJar", standInJar().toString());
        all.put("functionPackages", standInPackages(JDK.architecture()).toString());
        all.putAll(context);
        try {
            return App.Builder.create().context(all).outdir(Files.createTempDirectory("cdk.out").toString()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Synthesized synthesize(Map<String, String> context) {
        ExecalcStack stack = ExecalcApp.build(app(context));
        return new Synthesized(stack, Template.fromStack(stack));
    }

    static Map<String, Object> cdkJsonContext() {
        try {
            JsonNode cdkJson = JSON.readTree(Path.of("cdk.json").toFile());
            return JSON.convertValue(cdkJson.get("context"), new TypeReference<Map<String, Object>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read infra-cdk/cdk.json", e);
        }
    }

    /** This machine's JDK 25, which the AOT runtime needs. */
    static final Jdk25 JDK = Jdk25.find().orElseThrow(() -> new IllegalStateException(
            "./execalc test needs a JDK 25: set JAVA25_HOME or install one under /usr/lib/jvm"));

    /** Four zips standing in for the packages of {@code architecture}: each holds its manifest only. */
    static synchronized Path standInPackages(String architecture) {
        Path folder = Path.of("target", "stand-in-packages-" + architecture).toAbsolutePath();
        try {
            Files.createDirectories(folder);
            for (PackagedFunction function : PackagedFunction.values()) {
                Path zip = function.zip(folder);
                if (Files.isRegularFile(zip)) {
                    continue;
                }
                PackageManifest manifest = new PackageManifest(function.functionName(), function.handler(),
                        architecture, JDK.build(), JDK.implementor(), List.of("java.base"), "stand-in");
                try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream entries = new ZipOutputStream(out)) {
                    entries.putNextEntry(new ZipEntry(PackageManifest.FILE));
                    entries.write(manifest.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    entries.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    /** A small zip standing in for the functions jar. */
    static synchronized Path standInJar() {
        Path jar = Path.of("target", "stand-in-functions.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("README.txt"));
                zip.write("stand-in for functions/target/execalc-functions-lambda.jar in infra-cdk tests\n".getBytes());
                zip.closeEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jar;
    }

    ExecalcStack stack() {
        return stack;
    }

    Template template() {
        return template;
    }

    /** The template as a JSON tree. */
    JsonNode json() {
        return json;
    }

    /** A resource's {@code Properties} by its logical id. */
    JsonNode properties(String logicalId) {
        JsonNode resource = json.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new AssertionError("No resource " + logicalId + " in the template");
        }
        return resource.path("Properties");
    }

    /** Every resource of a type, by logical id. */
    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = json.path("Resources").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            if (type.equals(entry.getValue().path("Type").asText())) {
                found.put(entry.getKey(), entry.getValue());
            }
        }
        return found;
    }

    /** The logical id of the resource a construct's default child renders to. */
    String logicalId(IConstruct construct) {
        return stack.resolve(((CfnElement) construct.getNode().getDefaultChild())
                .getLogicalId()).toString();
    }

    /** Every IAM policy document in the template: inline role policies, AWS::IAM::Policy and managed policies. */
    Map<String, JsonNode> policyDocuments() {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        resources("AWS::IAM::Role").forEach((id, role) -> {
            int index = 0;
            for (JsonNode policy : role.path("Properties").path("Policies")) {
                documents.put(id + "#" + index++, policy.path("PolicyDocument"));
            }
        });
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            resources(type).forEach((id, policy) -> documents.put(id, policy.path("Properties").path("PolicyDocument")));
        }
        return documents;
    }
}
