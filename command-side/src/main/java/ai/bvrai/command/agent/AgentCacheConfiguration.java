package ai.bvrai.command.agent;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Keeps loaded agents in memory while the JVM has room for them, so a change does not re-read every event. */
@Configuration(proxyBeanMethods = false)
class AgentCacheConfiguration {

    static final String AGENT_CACHE = "agentCache";

    @Bean(AGENT_CACHE)
    Cache agentCache() {
        return new WeakReferenceCache();
    }
}
