package ai.bvrai.infra.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** With no database configured, a real PostgreSQL starts in-process and keeps its data across restarts. */
class EmbeddedPostgresTest {

    @TempDir
    Path dataDirectory;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DatabaseAutoConfiguration.class, DataSourceAutoConfiguration.class))
                .withPropertyValues("bvrai.embedded-postgres.data-directory=" + dataDirectory);
    }

    @Test
    void givenNoDatasourceSetting_whenStartedTwice_thenTheSchemaIsMigratedAndDataSurvivesTheRestart() {
        runner().run(context -> {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM schema_history_axon WHERE success", Long.class)).isPositive();
            assertThat(jdbc.queryForObject("SELECT data_type FROM information_schema.columns "
                    + "WHERE table_name = 'domain_event_entry' AND column_name = 'payload'", String.class)).isEqualTo("bytea");
            jdbc.execute("CREATE TABLE survives (value TEXT)");
            jdbc.update("INSERT INTO survives VALUES ('still here')");
        });

        runner().run(context -> {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("SELECT value FROM survives", String.class)).isEqualTo("still here");
        });
    }

    @Test
    void givenADatasourceUrl_whenStarted_thenThatServerIsUsedAndNoEmbeddedDatabaseStarts() {
        runner().withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(java.net.ConnectException.class);
                    assertThat(dataDirectory).isEmptyDirectory();
                });
    }
}
