package com.execalc.architecture;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The rules that keep tenant isolation a property of the code's structure rather than of reviewers' attention. */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.execalc");

    /** Types whose instances cannot change and can carry no tenant's data. */
    private static final Set<String> IMMUTABLE_TYPES = Set.of(
            String.class.getName(), Integer.class.getName(), Long.class.getName(), Boolean.class.getName(),
            Double.class.getName(), Pattern.class.getName(), Duration.class.getName(),
            java.math.BigDecimal.class.getName(), java.math.MathContext.class.getName(),
            java.time.format.DateTimeFormatter.class.getName(), java.time.Instant.class.getName(),
            "software.amazon.awssdk.core.interceptor.ExecutionAttribute");

    @Test
    void staticFields_shouldBeFinalAndHoldImmutableTenantFreeValues() {
        ArchRule rule = fields().that().areStatic().and(notSynthetic())
                .should().beFinal()
                .andShould(haveAnImmutableType())
                .because("per-request or per-tenant state in a static field survives into the next request");

        rule.check(PRODUCTION);
    }

    @Test
    void lambdaHandlers_shouldKeepNoPerRequestState() {
        ArchRule rule = fields().that().areDeclaredInClassesThat().implement(RequestStreamHandler.class)
                .or().areDeclaredInClassesThat().implement(RequestHandler.class)
                .should().beFinal()
                .andShould().notHaveRawType(TenantContext.class)
                .andShould().notHaveRawType(ExecutionContext.class)
                .andShould().notHaveRawType(TenantId.class)
                .because("Lambda reuses a handler instance for many requests, and in shared mode for many tenants");

        rule.check(PRODUCTION);
    }

    @Test
    void onlyTheConfiguration_shouldReadTheEnvironment() {
        ArchRule rule = noClasses().that().doNotHaveFullyQualifiedName("com.execalc.wiring.Configuration")
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class);

        rule.check(PRODUCTION);
    }

    @Test
    void theTenancyKernel_shouldDependOnNothingButTheJdkAndTheErrorCodes() {
        ArchRule rule = noClasses().that().resideInAPackage("com.execalc.tenancy..")
                .should().dependOnClassesThat().resideOutsideOfPackages("com.execalc.tenancy..", "com.execalc.errors..",
                        "java..");

        rule.check(PRODUCTION);
    }

    @Test
    void theErrorCodes_shouldDependOnNothingButTheJdk() {
        ArchRule rule = noClasses().that().resideInAPackage("com.execalc.errors..")
                .should().dependOnClassesThat().resideOutsideOfPackages("com.execalc.errors..", "java..")
                .because("every package raises coded failures, the tenancy kernel included");

        rule.check(PRODUCTION);
    }

    @Test
    void capabilities_shouldNotDependOnTheApiLayer() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("com.execalc.api..")
                .should().dependOnClassesThat().resideInAPackage("com.execalc.api..")
                .because("dependencies point inward: handlers use capabilities, never the reverse");

        rule.check(PRODUCTION);
    }

    @Test
    void noCode_shouldScanOrUsePartiQl() {
        ArchRule rule = noClasses().should().dependOnClassesThat().haveSimpleNameStartingWith("Scan")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("ExecuteStatement")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("BatchExecuteStatement")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("ExecuteTransaction")
                .because("every read is a GetItem or a Query on the caller's partition");

        rule.check(PRODUCTION);
    }

    private static DescribedPredicate<JavaField> notSynthetic() {
        return DescribedPredicate.describe("not synthetic",
                field -> !field.getModifiers().contains(JavaModifier.SYNTHETIC));
    }

    private static ArchCondition<JavaField> haveAnImmutableType() {
        return new ArchCondition<>("have an immutable, tenant-free type") {
            @Override
            public void check(JavaField field, ConditionEvents events) {
                JavaClass type = field.getRawType();
                boolean immutable = type.isPrimitive() || type.isEnum()
                        || IMMUTABLE_TYPES.contains(type.getName());
                events.add(new SimpleConditionEvent(field, immutable,
                        field.getFullName() + " has type " + type.getName()));
            }
        };
    }
}
