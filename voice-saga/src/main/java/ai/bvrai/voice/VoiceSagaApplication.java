package ai.bvrai.voice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The voice runtime as its own service (split deployment on Axon Server). It holds the sagas and real-time
 * audio of calls; in the walking skeleton it starts with the shared wiring only.
 */
@SpringBootApplication
public class VoiceSagaApplication {

    public static void main(String[] args) {
        SpringApplication.run(VoiceSagaApplication.class, args);
    }
}
