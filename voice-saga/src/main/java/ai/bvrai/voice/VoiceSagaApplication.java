package ai.bvrai.voice;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The voice runtime as its own service (split deployment on Axon Server). It holds the sagas and real-time
 * audio of calls; in the walking skeleton it starts with the shared wiring only.
 */
@SpringBootApplication
public class VoiceSagaApplication {

    public static void main(String[] args) {
        // a library jar carries no application.yml; the service's name is set here
        new SpringApplicationBuilder(VoiceSagaApplication.class).properties("spring.application.name=bvrai-voice-saga").run(args);
    }
}
