package ai.bvrai.infra.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

import javax.sql.DataSource;
import java.util.Comparator;
import java.util.List;

/** Brings every contributed {@link ModuleSchema} up to date, in order, before anything uses the database. */
public class SchemaMigrations implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

    private final DataSource dataSource;
    private final List<ModuleSchema> schemas;

    public SchemaMigrations(DataSource dataSource, List<ModuleSchema> schemas) {
        this.dataSource = dataSource;
        this.schemas = schemas.stream().sorted(Comparator.comparingInt(ModuleSchema::order)).toList();
    }

    @Override
    public void afterPropertiesSet() {
        for (ModuleSchema schema : schemas) {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations(schema.location())
                    .table(schema.historyTable())
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            log.info("Schema {} at version {} ({} migrations applied)",
                    schema.name(), result.targetSchemaVersion, result.migrationsExecuted);
        }
    }

    public List<ModuleSchema> schemas() {
        return schemas;
    }
}
