package com.fortinet.autoscale;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layers stay visible: a pure domain, adapters per technology, thin functions, one composition root. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.fortinet.autoscale");

    @Test
    void theDomainUsesNoAzureNoFunctionsAndNoAdapter() {
        noClasses().that().resideInAPackage("com.fortinet.autoscale.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.azure..", "com.microsoft.azure..", "com.google.gson..",
                        "com.fortinet.autoscale.adapter..", "com.fortinet.autoscale.app..",
                        "com.fortinet.autoscale.functions..", "com.fortinet.autoscale.local..")
                .because("the domain is pure: rules and ports only")
                .check(MAIN);
    }

    @Test
    void adaptersDoNotReachIntoFunctionsOrTheRunner() {
        noClasses().that().resideInAPackage("com.fortinet.autoscale.adapter..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.fortinet.autoscale.functions..", "com.fortinet.autoscale.local..",
                        "com.microsoft.azure.functions..")
                .check(MAIN);
    }

    @Test
    void functionsReachAdaptersOnlyThroughTheCompositionRoot() {
        noClasses().that().resideInAPackage("com.fortinet.autoscale.functions..")
                .should().dependOnClassesThat().resideInAnyPackage("com.fortinet.autoscale.adapter..")
                .check(MAIN);
    }

    @Test
    void onlyTheAppSettingsReadTheEnvironment() {
        noClasses().that().doNotHaveFullyQualifiedName("com.fortinet.autoscale.app.AppSettings")
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .check(MAIN);
    }

    @Test
    void theDomainsFeaturePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("com.fortinet.autoscale.domain.(*)..")
                .should().beFreeOfCycles()
                .because("a feature can be read, changed and tested without the features that use it")
                .check(MAIN);
    }

    @Test
    void theDomainRootHoldsOnlyTheSharedStoreVocabulary() {
        noClasses().that().resideInAPackage("com.fortinet.autoscale.domain")
                .should().dependOnClassesThat().resideInAPackage("com.fortinet.autoscale.domain.(*)..")
                .because("features depend on the root (Versioned, store failures), never the other way")
                .check(MAIN);
    }

    @Test
    void noSourceFileGrowsPastFourHundredLines() throws java.io.IOException {
        java.util.List<String> tooLong;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
            tooLong = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> {
                        try {
                            return java.nio.file.Files.readAllLines(f).size() > 400;
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Object::toString)
                    .toList();
        }
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), tooLong,
                "split these by responsibility: a reader should see one file's job at once");
    }
}
