package ai.bvrai.bench;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platform's Spring context inside the driver's JVM, without a web server (so no HTTP, no JWT checks, no
 * read-your-writes wait): the same Axon configuration, interceptors, JDBC event store, transaction manager,
 * Hikari pool defaults and event processors as the running platform, on the same database.
 */
final class InProcessPlatform implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    final double bootSeconds;

    InProcessPlatform(Options options) {
        this(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword());
    }

    InProcessPlatform(String jdbcUrl, String jdbcUser, String jdbcPassword) {
        // Axon's update checker reads the environment variable or this property; never phone home from a benchmark
        System.setProperty("axoniq.update-checker.disabled", "true");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", jdbcUser);
        properties.put("spring.datasource.password", jdbcPassword);
        properties.put("spring.application.name", "bvrai-bench-in-process");
        // keep the driver's console readable: plain text, warnings only
        properties.put("logging.structured.format.console", "");
        properties.put("logging.level.root", "WARN");
        long t0 = System.nanoTime();
        this.context = new SpringApplicationBuilder(BenchPlatformApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .properties(properties)
                .run();
        this.bootSeconds = (System.nanoTime() - t0) / 1e9;
    }

    CommandGateway commandGateway() {
        return context.getBean(CommandGateway.class);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
