package ai.bvrai.platform;

import ai.bvrai.command.CommandSideConfiguration;
import ai.bvrai.query.QuerySideConfiguration;
import ai.bvrai.voice.VoiceSagaConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The whole platform in one process: command side, query side and voice runtime on Axon's local buses.
 * Each module brings its own beans, entities and repositories through its configuration class.
 */
@SpringBootApplication
@Import({CommandSideConfiguration.class, QuerySideConfiguration.class, VoiceSagaConfiguration.class})
public class BvraiPlatformApplication {

    public static void main(String[] args) {
        SpringApplication.run(BvraiPlatformApplication.class, args);
    }
}
