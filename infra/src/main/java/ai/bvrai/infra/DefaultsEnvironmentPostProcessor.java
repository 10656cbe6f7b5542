package ai.bvrai.infra;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Adds {@code bvrai-defaults.yml} below every other property source of whichever deployable runs, and, with
 * the {@code axonserver} profile active, {@code bvrai-axonserver.yml} just above it.
 */
class DefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.acceptsProfiles(Profiles.of("axonserver"))) {
            load("bvrai-axonserver.yml").forEach(environment.getPropertySources()::addLast);
        }
        load("bvrai-defaults.yml").forEach(environment.getPropertySources()::addLast);
    }

    private static List<PropertySource<?>> load(String file) {
        try {
            return new YamlPropertySourceLoader().load(file, new ClassPathResource(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
