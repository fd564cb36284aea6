package io.attest.gateway.infrastructure.support;

import io.attest.gateway.infrastructure.simulator.SmscSimulator;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives every gateway a test starts (META-INF/spring.factories of the test sources) a {@link SimulatorProbe} on its
 * SMSC simulator, from the moment the simulator exists, as a bean the tests autowire.
 */
public class SimulatorProbes implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var beans = context.getBeanFactory();
        beans.addBeanPostProcessor(new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof SmscSimulator simulator && !beans.containsSingleton("simulatorProbe")) {
                    beans.registerSingleton("simulatorProbe", SimulatorProbe.on(simulator));
                }
                return bean;
            }
        });
    }
}
