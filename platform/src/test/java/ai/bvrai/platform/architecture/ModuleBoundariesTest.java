package ai.bvrai.platform.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The split deployments are configuration only because command side, query side and voice runtime never
 * import each other: they talk through shared-events messages on Axon's buses.
 */
class ModuleBoundariesTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.bvrai");

    @Test
    void givenTheCommandSide_whenItsDependenciesAreRead_thenItUsesNeitherQuerySideNorVoiceRuntime() {
        noClasses().that().resideInAPackage("ai.bvrai.command..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.bvrai.query..", "ai.bvrai.voice..")
                .check(PRODUCTION);
    }

    @Test
    void givenTheQuerySide_whenItsDependenciesAreRead_thenItUsesNeitherCommandSideNorVoiceRuntime() {
        noClasses().that().resideInAPackage("ai.bvrai.query..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.bvrai.command..", "ai.bvrai.voice..")
                .check(PRODUCTION);
    }

    @Test
    void givenTheVoiceRuntime_whenItsDependenciesAreRead_thenItUsesNeitherCommandSideNorQuerySide() {
        noClasses().that().resideInAPackage("ai.bvrai.voice..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.bvrai.command..", "ai.bvrai.query..")
                .check(PRODUCTION);
    }

    @Test
    void givenTheSharedModules_whenTheirDependenciesAreRead_thenNoneReachesIntoAFeatureModule() {
        noClasses().that().resideInAnyPackage("ai.bvrai.api..", "ai.bvrai.infra..", "ai.bvrai.security..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.bvrai.command..", "ai.bvrai.query..", "ai.bvrai.voice..")
                .check(PRODUCTION);
    }
}
