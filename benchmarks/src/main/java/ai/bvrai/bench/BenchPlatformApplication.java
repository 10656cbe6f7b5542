package ai.bvrai.bench;

import ai.bvrai.command.CommandSideConfiguration;
import ai.bvrai.query.QuerySideConfiguration;
import ai.bvrai.voice.VoiceSagaConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The platform's modules exactly as {@code ai.bvrai.platform.BvraiPlatformApplication} assembles them, for the
 * in-process command-bus phase (booted without a web server by {@link InProcessPlatform}). The platform module
 * itself is a repackaged fat jar and cannot be a dependency, so its one-class launcher is mirrored here.
 * The component scan of this package finds nothing: the driver's classes are not Spring components.
 */
@SpringBootApplication
@Import({CommandSideConfiguration.class, QuerySideConfiguration.class, VoiceSagaConfiguration.class})
public class BenchPlatformApplication {
}
