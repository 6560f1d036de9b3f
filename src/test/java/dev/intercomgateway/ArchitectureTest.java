package dev.intercomgateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/** The package layout is the architecture: features on top, one outbound gateway below, no cycles. */
@AnalyzeClasses(packages = "dev.intercomgateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /**
     * No cycles at any level: between packages, between the top-level parts (a package and its
     * sub-packages together, such as intercom), and between the parts of intercom.
     */
    @ArchTest
    static final ArchRule noCyclesAtAnyLevel = CompositeArchRule.of(slices().matching("dev.intercomgateway.(**)").should().beFreeOfCycles())
            .and(slices().matching("dev.intercomgateway.(*)..").should().beFreeOfCycles())
            .and(slices().matching("dev.intercomgateway.intercom.(*)..").should().beFreeOfCycles());

    @ArchTest
    static final ArchRule gatewayKnowsNothingOfTheInternalApi = noClasses().that().resideInAPackage("dev.intercomgateway.intercom..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.intercomgateway.users..", "dev.intercomgateway.leads..", "dev.intercomgateway.conversations..", "dev.intercomgateway.teams..", "dev.intercomgateway.tags..", "dev.intercomgateway.notes..",
                    "dev.intercomgateway.admins..", "dev.intercomgateway.passthrough..", "dev.intercomgateway.web..", "dev.intercomgateway.security..",
                    "dev.intercomgateway.idempotency..");

    @ArchTest
    static final ArchRule featuresAreIndependent = slices().matching("dev.intercomgateway.(users|leads|conversations|admins|teams|tags|notes|passthrough)..")
            .should().notDependOnEachOther();

    /** Features see Intercom through the client's domain types ({@code intercom.workspace}); the wire records are the client's. */
    @ArchTest
    static final ArchRule featuresNeverImportTheWireModel = noClasses().that().resideOutsideOfPackages("dev.intercomgateway.intercom.client..",
                    "dev.intercomgateway.intercom.config..")
            .should().dependOnClassesThat().resideInAPackage("dev.intercomgateway.intercom.client.model..");

    /** Problems, request ids and body limits know nothing of Intercom: its exceptions are answered on the intercom side. */
    @ArchTest
    static final ArchRule theWebLayerNeverImportsIntercom = noClasses().that().resideInAPackage("dev.intercomgateway.web..")
            .should().dependOnClassesThat().resideInAPackage("dev.intercomgateway.intercom..");

    /** Where shared state lives is one choice ({@code SharedStore}); the stores that follow it never read Intercom's settings. */
    @ArchTest
    static final ArchRule theStoresFollowTheSharedStoreChoice = noClasses().that().resideInAnyPackage("dev.intercomgateway.idempotency..",
                    "dev.intercomgateway.events..")
            .should().dependOnClassesThat(DescribedPredicate.describe("Intercom's settings",
                    (JavaClass type) -> type.getName().startsWith("dev.intercomgateway.intercom.IntercomProperties")));

    /** Only the client, and the configuration that builds it, speak HTTP to Intercom. */
    @ArchTest
    static final ArchRule onlyTheClientUsesWebClient = noClasses().that()
            .resideOutsideOfPackages("dev.intercomgateway.intercom.client..", "dev.intercomgateway.intercom.config..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework.web.reactive.function.client..");

    /** The budget knows Intercom's rate-limit headers, not how calls are made. */
    @ArchTest
    static final ArchRule theBudgetNeverImportsTheClient = noClasses().that().resideInAPackage("dev.intercomgateway.intercom.budget..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.intercomgateway.intercom.client..",
                    "dev.intercomgateway.intercom.resilience..");

    /**
     * The policies sit beneath the proxy and see only the client's seam (IntercomCalls, IntercomCall,
     * IntercomResponse, HeldAnswer); its HTTP internals, the proxy's adapter and wire records stay the client's.
     */
    @ArchTest
    static final ArchRule resilienceUsesOnlyTheClientsSeam = noClasses().that().resideInAPackage("dev.intercomgateway.intercom.resilience..")
            .should().dependOnClassesThat().resideInAPackage("dev.intercomgateway.intercom.client.model..")
            .orShould().dependOnClassesThat().haveSimpleName("DirectIntercomCalls")
            .orShould().dependOnClassesThat().haveSimpleName("IntercomApi")
            .orShould().dependOnClassesThat().haveSimpleName("IntercomClient")
            .orShould().dependOnClassesThat().haveSimpleName("IntercomCallsAdapter")
            .orShould().dependOnClassesThat().haveSimpleName("IntercomPassthrough")
            .orShould().dependOnClassesThat().haveSimpleName("IntercomHeadersFilter")
            .orShould().dependOnClassesThat().resideInAPackage("org.springframework.web.service..");

    /**
     * Features call Intercom through the client only: who a call is for reaches the policies from the
     * request (IntercomCaller), never from a feature setting it.
     */
    @ArchTest
    static final ArchRule featuresNeverReachThePolicies = noClasses().that()
            .resideInAnyPackage("dev.intercomgateway.users..", "dev.intercomgateway.leads..", "dev.intercomgateway.conversations..",
                    "dev.intercomgateway.teams..", "dev.intercomgateway.tags..", "dev.intercomgateway.notes..", "dev.intercomgateway.admins..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.intercomgateway.intercom.budget..", "dev.intercomgateway.intercom.resilience..");

    /** The gateway's shared vocabulary (properties, errors, ids) depends on none of its parts. */
    @ArchTest
    static final ArchRule theGatewaysCoreDependsOnNoneOfItsParts = noClasses().that().resideInAPackage("dev.intercomgateway.intercom")
            .should().dependOnClassesThat().resideInAnyPackage("dev.intercomgateway.intercom.client..", "dev.intercomgateway.intercom.budget..",
                    "dev.intercomgateway.intercom.resilience..", "dev.intercomgateway.intercom.config..");

    /** The event log and its subscriptions know nothing of where events come from (the webhook intake). */
    @ArchTest
    static final ArchRule theEventLogNeverImportsTheIntake = noClasses().that().resideInAPackage("dev.intercomgateway.events..")
            .should().dependOnClassesThat().resideInAPackage("dev.intercomgateway.webhooks..");

    /**
     * The sandbox is a stand-in: nothing outside it uses it. The one rule deciding when it runs
     * ({@code intercom.SandboxMode}) lives with the gateway's configuration, which the wiring and the security setup read.
     */
    @ArchTest
    static final ArchRule onlyTheSandboxImportsTheSandbox = noClasses().that().resideOutsideOfPackage("dev.intercomgateway.sandbox..")
            .should().dependOnClassesThat().resideInAPackage("dev.intercomgateway.sandbox..");
}
