package ai.bvrai.infra.db;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * The database: the configured PostgreSQL ({@code DATABASE_URL} or {@code spring.datasource.*}), or, when none
 * is configured, a real PostgreSQL started in-process with a persistent data directory. Either way every
 * module's schema is migrated before first use.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@EnableConfigurationProperties({EmbeddedPostgresProperties.class, DataSourceProperties.class})
public class DatabaseAutoConfiguration {

    @Bean
    ModuleSchema axonSchema() {
        return new ModuleSchema("axon", 0);
    }

    @Bean
    SchemaMigrations schemaMigrations(DataSource dataSource, ObjectProvider<ModuleSchema> schemas) {
        return new SchemaMigrations(dataSource, schemas.orderedStream().toList());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "spring.datasource", name = "url", havingValue = "embedded", matchIfMissing = true)
    static class Embedded {

        @Bean(destroyMethod = "close")
        EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties properties) throws java.io.IOException {
            return EmbeddedPostgresLauncher.start(properties);
        }

        @Bean
        DataSource dataSource(EmbeddedPostgres postgres, DataSourceProperties dataSource) {
            dataSource.setUrl(postgres.getJdbcUrl("postgres", "postgres"));
            dataSource.setUsername("postgres");
            dataSource.setPassword("");
            return dataSource.initializeDataSourceBuilder()
                    .type(HikariDataSource.class)
                    .build();
        }
    }
}
