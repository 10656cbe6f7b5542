package ai.bvrai.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The query side as its own service (split deployment on Axon Server). */
@SpringBootApplication
public class QuerySideApplication {

    public static void main(String[] args) {
        // a library jar carries no application.yml; the service's name is set here
        new SpringApplicationBuilder(QuerySideApplication.class).properties("spring.application.name=bvrai-query-side").run(args);
    }
}
