package io.attest.gateway.infrastructure;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The hexagon, stated as rules over the production classes of every module. */
@AnalyzeClasses(packages = "io.attest.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String DOMAIN = "io.attest.gateway.domain..";
    private static final String APPLICATION = "io.attest.gateway.application..";
    private static final String PROJECTIONS = "io.attest.gateway.projections..";
    private static final String AUDIT = "io.attest.gateway.audit..";
    private static final String INFRASTRUCTURE = "io.attest.gateway.infrastructure..";
    private static final String ADAPTERS = "io.attest.gateway.infrastructure.adapter..";

    @ArchTest
    static final ArchRule the_domain_depends_only_on_java_and_axons_modelling_annotations = classes()
            .that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, "java..",
                    "org.axonframework.commandhandling..", "org.axonframework.modelling..",
                    "org.axonframework.eventsourcing..");

    @ArchTest
    static final ArchRule the_domain_knows_no_spring_jooq_jsmpp_or_jackson = noClasses()
            .that().resideInAPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.jooq..", "org.jsmpp..",
                    "com.fasterxml.jackson..", "tools.jackson..", "jakarta..");

    @ArchTest
    static final ArchRule the_application_does_not_depend_on_adapters_read_side_or_frameworks = noClasses()
            .that().resideInAPackage(APPLICATION)
            .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE, PROJECTIONS, AUDIT,
                    "org.springframework..", "org.jooq..", "org.jsmpp..");

    @ArchTest
    static final ArchRule the_read_side_does_not_depend_on_infrastructure = noClasses()
            .that().resideInAnyPackage(PROJECTIONS, AUDIT)
            .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE, "org.jsmpp..", "org.springframework..");

    @ArchTest
    static final ArchRule the_read_side_never_sends_commands = noClasses()
            .that().resideInAnyPackage(PROJECTIONS, AUDIT)
            .should().dependOnClassesThat().resideInAnyPackage("org.axonframework.commandhandling..");

    @ArchTest
    static final ArchRule projections_and_the_audit_trail_do_not_know_each_other = slices()
            .matching("io.attest.gateway.(projections|audit)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule adapters_do_not_depend_on_each_other = slices()
            .matching("io.attest.gateway.infrastructure.adapter.(*).(*)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule the_simulator_is_not_wired_to_the_adapters = noClasses()
            .that().resideInAPackage("io.attest.gateway.infrastructure.simulator..")
            .should().dependOnClassesThat().resideInAPackage(ADAPTERS);

    @ArchTest
    static final ArchRule only_the_composition_root_reaches_into_the_read_side = noClasses()
            .that().resideInAPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAnyPackage(PROJECTIONS, AUDIT);

    @ArchTest
    static final ArchRule inbound_ports_are_use_case_and_query_interfaces = classes()
            .that().resideInAPackage("io.attest.gateway.application..port.in..")
            .and().areTopLevelClasses().and().areInterfaces()
            .should().haveSimpleNameEndingWith("UseCase").orShould().haveSimpleNameEndingWith("Query");

    @ArchTest
    static final ArchRule outbound_ports_are_port_interfaces = classes()
            .that().resideInAPackage("io.attest.gateway.application..port.out..")
            .and().areTopLevelClasses()
            .should().beInterfaces().andShould().haveSimpleNameEndingWith("Port");

    @ArchTest
    static final ArchRule rest_controllers_live_in_the_rest_adapter = classes()
            .that().haveSimpleNameEndingWith("Controller")
            .should().resideInAnyPackage("io.attest.gateway.infrastructure.adapter.in.rest..",
                    "io.attest.gateway.infrastructure.adapter.in.console..");

    @ArchTest
    static final ArchRule domain_events_are_immutable_records = classes()
            .that().resideInAPackage(DOMAIN).and().implement(io.attest.gateway.domain.message.MessageEvent.class)
            .should().beRecords();

    @ArchTest
    static final ArchRule commands_are_records_named_as_imperatives = classes()
            .that().resideInAPackage(DOMAIN).and().haveSimpleNameEndingWith("Command")
            .should().beRecords();
}
