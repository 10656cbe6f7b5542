package ai.bvrai.command;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The command side as its own service (split deployment on Axon Server). */
@SpringBootApplication
public class CommandSideApplication {

    public static void main(String[] args) {
        // a library jar carries no application.yml; the service's name is set here
        new SpringApplicationBuilder(CommandSideApplication.class).properties("spring.application.name=bvrai-command-side").run(args);
    }
}
