package ai.bvrai.query;

import ai.bvrai.infra.db.ModuleSchema;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Configuration;

/** The query side as a module: its projections, entities, repositories and tables, for whichever application includes it. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
@ComponentScan(excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
public class QuerySideConfiguration {

    @Bean
    ModuleSchema querySchema() {
        return new ModuleSchema("query", 20);
    }
}
