package ai.bvrai.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The message contract stays framework-free: any service, in any deployment, can read it. */
class SharedEventsDependencyTest {

    private final JavaClasses messages = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.bvrai.api");

    @Test
    void givenTheMessageContract_whenItsDependenciesAreRead_thenNoneIsSpringJpaOrJackson() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "jakarta.persistence..", "org.hibernate..", "com.fasterxml.jackson..")
                .check(messages);
    }
}
