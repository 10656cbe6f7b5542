package ai.bvrai.platform.it;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

@TestConfiguration(proxyBeanMethods = false)
class TestClockConfiguration {

    @Bean
    MutableClock securityClock() {
        return new MutableClock();
    }
}
