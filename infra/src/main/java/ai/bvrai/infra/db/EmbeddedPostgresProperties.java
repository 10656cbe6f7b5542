package ai.bvrai.infra.db;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * The in-process PostgreSQL used when no database is configured.
 *
 * @param dataDirectory where its data lives across restarts
 * @param port          its port; 0 picks a free one
 */
@ConfigurationProperties("bvrai.embedded-postgres")
public record EmbeddedPostgresProperties(Path dataDirectory, int port) {

    public EmbeddedPostgresProperties {
        if (dataDirectory == null) {
            dataDirectory = Path.of(System.getProperty("user.home"), ".local", "share", "bvrai", "postgres");
        }
    }
}
