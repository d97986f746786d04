package com.execalc.architecture;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.execalc.access.TenantDynamoDb;
import com.execalc.audit.AuditEvent;
import com.execalc.audit.AuditTrail;
import com.execalc.governance.GovernanceEngine;
import com.execalc.governance.OperatorGovernance;
import com.execalc.digest.AuditDigest;
import com.execalc.digest.AuditDigests;
import com.execalc.digest.SigningKey;
import com.execalc.governance.Permit;
import com.execalc.pipeline.TenantPipeline;
import com.execalc.tenancy.ExecutionContext;
import com.execalc.tenancy.TenantContext;
import com.execalc.tenancy.TenantId;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules that keep tenant isolation a property of the code's structure rather than of reviewers' attention. */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.execalc");

    /** The write methods of the tenant data access and of the SDK's DynamoDB client. */
    private static final Set<String> WRITES = Set.of("put", "update", "delete", "deleteBatch", "batchWriteItem",
            "putItem", "updateItem",
            "deleteItem");

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

    @Test
    void onlyGovernance_shouldMakeAPermit() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("com.execalc.governance..")
                .should().callConstructorWhere(targetOwner(Permit.class))
                .because("a permit is the proof that governance decided the request");

        rule.check(PRODUCTION);
        assertThat(PRODUCTION.get(GovernanceEngine.class).getConstructorCallsFromSelf())
                .as("the engine makes the tenant requests' permits")
                .anyMatch(call -> call.getTargetOwner().isEquivalentTo(Permit.class));
    }

    @Test
    void onlyThePipeline_shouldAskTheGovernanceEngine() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages("com.execalc.pipeline..", "com.execalc.governance..")
                .should().callMethodWhere(targetOwner(GovernanceEngine.class))
                .because("every tenant request is decided once, by the pipeline, never by a route");

        rule.check(PRODUCTION);
        assertThat(PRODUCTION.get(TenantPipeline.class).getMethodCallsFromSelf())
                .anyMatch(call -> call.getTargetOwner().isEquivalentTo(GovernanceEngine.class));
    }

    @Test
    void onlyTheControlPlane_shouldAskForAnOperatorsPermit() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages("com.execalc.controlplane..",
                        "com.execalc.governance..")
                .should().callMethodWhere(targetOwner(OperatorGovernance.class))
                .because("only the control plane serves platform operators");

        rule.check(PRODUCTION);
    }

    @Test
    void everyMethodThatChangesData_shouldTakeAPermit() {
        // the audit trail's own writes are exempt: an event records a request whether or not it was allowed, the
        // shipper's ledger records what was shipped, the digester's copies record what it signed and with which key;
        // the data access itself is where the writes go
        ArchRule rule = methods().that(changeData())
                .and().areNotDeclaredIn(TenantDynamoDb.class)
                .and().doNotHaveFullName(AuditTrail.class.getName() + ".append(" + TenantDynamoDb.class.getName()
                        + ", " + AuditEvent.class.getName() + ", " + Duration.class.getName() + ")")
                .and().doNotHaveName("markShipped")
                .and().doNotHaveFullName(AuditDigests.class.getName() + ".recordDigest(" + TenantDynamoDb.class.getName()
                        + ", " + AuditDigest.class.getName() + ")")
                .and().doNotHaveFullName(AuditDigests.class.getName() + ".publishSigningKey("
                        + TenantDynamoDb.class.getName() + ", " + SigningKey.class.getName() + ", "
                        + Instant.class.getName() + ")")
                .should(takeAPermit())
                .because("data is changed only after governance allowed the request");

        rule.check(PRODUCTION);
    }

    @Test
    void theHttpAdaptersAndThePipeline_shouldNeverWriteDataThemselves() {
        ArchRule rule = noClasses().that().resideInAnyPackage("com.execalc.api..", "com.execalc.pipeline..")
                .should().callMethodWhere(writesData())
                .because("writes belong to the capabilities, whose methods take the request's permit");

        rule.check(PRODUCTION);
    }

    private static DescribedPredicate<JavaCall<?>> targetOwner(Class<?> owner) {
        return DescribedPredicate.describe("target is declared in " + owner.getSimpleName(),
                call -> call.getTargetOwner().isEquivalentTo(owner));
    }

    private static DescribedPredicate<JavaCall<?>> writesData() {
        return DescribedPredicate.describe("writes through the tenant data access, a DynamoDB client or an enhanced table",
                call -> WRITES.contains(call.getName())
                        && (call.getTargetOwner().isEquivalentTo(TenantDynamoDb.class)
                        || call.getTargetOwner().isAssignableTo(DynamoDbClient.class)
                        || call.getTargetOwner().isAssignableTo(DynamoDbTable.class)));
    }

    private static DescribedPredicate<JavaMethod> changeData() {
        return DescribedPredicate.describe("change data",
                method -> method.getMethodCallsFromSelf().stream().anyMatch(writesData()));
    }

    private static ArchCondition<JavaMethod> takeAPermit() {
        return new ArchCondition<>("take a Permit") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean permitted = method.getRawParameterTypes().stream()
                        .anyMatch(type -> type.isEquivalentTo(Permit.class));
                events.add(new SimpleConditionEvent(method, permitted, method.getFullName()
                        + (permitted ? " takes a Permit" : " changes data without a Permit")));
            }
        };
    }

    @Test
    void theDataChangingMethods_shouldBeFoundByTheRule() {
        // the rule above holds only if it sees the methods it is about
        List<String> changing = PRODUCTION.stream().flatMap(type -> type.getMethods().stream())
                .filter(changeData()).map(method -> method.getOwner().getSimpleName() + "." + method.getName())
                .toList();

        assertThat(changing).contains("Records.put", "Records.delete", "Namespaces.create", "Namespaces.delete",
                "Executions.run", "PolicyStore.replace", "AuditTrail.markRetention", "TenantRegistry.create",
                "TenantRegistry.transition", "TenantRegistry.changeTier", "TenantRegistry.raiseAuditShards",
                "TenantPurge.delete");
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
