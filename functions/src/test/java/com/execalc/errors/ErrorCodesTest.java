package com.execalc.errors;

import com.execalc.ingress.GatewayResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/** Every failure of the functions has a code, and every code is in the API contract. */
class ErrorCodesTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.execalc");

    @Test
    void everyExceptionTypeOfTheFunctions_shouldExtendTheCodedBase() {
        ArchRule rule = classes().that().areAssignableTo(Throwable.class)
                .should().beAssignableTo(ExecalcException.class)
                .because("a failure without a code would be answered as whatever a mapping happened to guess");

        rule.check(PRODUCTION);
    }

    @Test
    void theScan_shouldSeeTheFunctionsExceptions() {
        // the rule above is only as good as its import: it must find the failure modes it is about
        List<String> found = PRODUCTION.stream().filter(type -> type.isAssignableTo(Throwable.class))
                .map(JavaClass::getSimpleName).toList();

        assertThat(found).contains("InvalidInputException", "TenantMismatchException", "GovernanceDeniedException",
                        "StoreUnavailableException", "TenantNotFoundException", "RouteNotFoundException",
                        "UnauthorizedException", "ExecutionContextClosedException")
                .hasSizeGreaterThanOrEqualTo(25);
    }

    @Test
    void everyWireCode_shouldBeDocumentedInTheApiContract() throws Exception {
        Set<String> documented = documentedCodes();

        assertThat(documented).containsAll(Arrays.stream(ErrorCode.values()).map(ErrorCode::wireCode).toList());
    }

    @Test
    void everyCodeOfTheGatewaysOwnAnswers_shouldBeDocumentedInTheApiContract() throws Exception {
        Set<String> documented = documentedCodes();

        assertThat(documented).containsAll(Arrays.stream(GatewayResponse.values()).map(GatewayResponse::code)
                .toList());
    }

    @Test
    void aFailureOfAnotherType_shouldBeInternal() {
        assertThat(ExecalcException.codeOf(new IllegalStateException("a bug"))).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void aFixedMessage_shouldReplaceTheFailuresOwn() {
        assertThat(ErrorCode.TENANT_BOUNDARY_VIOLATION.messageFor(new IllegalStateException("key acme#x of globex")))
                .isEqualTo("The request was refused to protect tenant isolation.");
        assertThat(ErrorCode.NOT_FOUND.messageFor(new IllegalStateException("No such route.")))
                .isEqualTo("No such route.");
    }

    private static Set<String> documentedCodes() throws Exception {
        // each error status has its own schema, whose code enum names the codes that status can carry
        JsonNode schemas = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "openapi.yaml").toFile())
                .at("/components/schemas");
        Set<String> codes = new HashSet<>();
        schemas.forEach(schema -> schema.at("/properties/error/properties/code/enum")
                .forEach(value -> codes.add(value.asText())));
        assertThat(codes).as("the documented error codes").isNotEmpty();
        return codes;
    }
}
