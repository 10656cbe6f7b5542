package ai.bvrai.infra.db;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlEnvironmentPostProcessorTest {

    @Test
    void givenAPostgresUrlWithCredentials_whenTranslated_thenJdbcUrlUserAndDecodedPasswordAreSet() {
        Map<String, Object> datasource = DatabaseUrlEnvironmentPostProcessor.toDatasource(
                "postgres://bvrai:p%40ss%3Aword@db.internal:6543/bvrai?sslmode=require");

        assertThat(datasource).containsEntry("spring.datasource.url", "jdbc:postgresql://db.internal:6543/bvrai?sslmode=require")
                .containsEntry("spring.datasource.username", "bvrai")
                .containsEntry("spring.datasource.password", "p@ss:word");
    }

    @Test
    void givenNoPort_whenTranslated_thenTheDefaultPortIsUsed() {
        assertThat(DatabaseUrlEnvironmentPostProcessor.toDatasource("postgresql://localhost/bvrai"))
                .containsEntry("spring.datasource.url", "jdbc:postgresql://localhost:5432/bvrai")
                .doesNotContainKey("spring.datasource.username");
    }

    @Test
    void givenAJdbcUrl_whenTranslated_thenItIsUsedAsIs() {
        assertThat(DatabaseUrlEnvironmentPostProcessor.toDatasource("jdbc:postgresql://h:1/d"))
                .containsExactly(Map.entry("spring.datasource.url", "jdbc:postgresql://h:1/d"));
    }

    @Test
    void givenAnotherDatabase_whenTranslated_thenTheErrorSaysWhatIsExpected() {
        assertThatThrownBy(() -> DatabaseUrlEnvironmentPostProcessor.toDatasource("mysql://h/d"))
                .hasMessageContaining("postgres://user:password@host:port/database");
    }
}
