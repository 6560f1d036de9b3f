package dev.intercomgateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package layout is the architecture: features on top, one outbound gateway below, no cycles. */
@AnalyzeClasses(packages = "dev.intercomgateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.intercomgateway.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule gatewayKnowsNothingOfTheInternalApi = noClasses().that().resideInAPackage("dev.intercomgateway.intercom..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.intercomgateway.users..", "dev.intercomgateway.conversations..",
                    "dev.intercomgateway.admins..", "dev.intercomgateway.web..", "dev.intercomgateway.sandbox..");

    @ArchTest
    static final ArchRule featuresAreIndependent = slices().matching("dev.intercomgateway.(users|conversations|admins)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule controllersNeverSeeIntercomsWireFormat = noClasses().that().haveSimpleNameEndingWith("Controller")
            .should().dependOnClassesThat().resideInAPackage("dev.intercomgateway.intercom.model..");

    @ArchTest
    static final ArchRule onlyTheGatewayUsesWebClient = noClasses().that().resideOutsideOfPackage("dev.intercomgateway.intercom..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework.web.reactive.function.client..");
}
