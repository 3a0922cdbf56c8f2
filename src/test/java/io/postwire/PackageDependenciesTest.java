package io.postwire;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The packages of src/main depend on each other one way, down this list, and never in a cycle:
 * compat (the original service's paths) and migration (adopting its database) above everything,
 * then post, auth, user, ratelimit, and common at the bottom, which imports no feature.
 * To see the graph itself: {@code jdeps -verbose:package -filter:none target/classes}.
 */
class PackageDependenciesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.postwire");

    @Test
    void noPackageCycle() {
        slices().matching("io.postwire.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void featuresDependDownwardsOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture()
                .layer("compat").definedBy("io.postwire.compat..")
                .layer("migration").definedBy("io.postwire.migration..")
                .layer("post").definedBy("io.postwire.post..")
                .layer("auth").definedBy("io.postwire.auth..")
                .layer("user").definedBy("io.postwire.user..")
                .layer("ratelimit").definedBy("io.postwire.ratelimit..")
                .layer("common").definedBy("io.postwire.common..")
                .whereLayer("compat").mayNotBeAccessedByAnyLayer()
                .whereLayer("migration").mayNotBeAccessedByAnyLayer()
                .whereLayer("post").mayOnlyBeAccessedByLayers("compat")
                .whereLayer("auth").mayOnlyBeAccessedByLayers("compat", "post")
                .whereLayer("user").mayOnlyBeAccessedByLayers("compat", "post", "auth")
                .whereLayer("ratelimit").mayOnlyBeAccessedByLayers("compat", "post", "auth", "user")
                .check(MAIN);
    }
}
