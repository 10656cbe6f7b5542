package ai.bvrai.infra.recording;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import java.nio.file.Path;

/** Call recordings on the file system unless another {@link RecordingStore} is configured. */
@AutoConfiguration
public class RecordingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RecordingStore recordingStore(@Value("${bvrai.recordings.directory:#{systemProperties['user.home']}/.local/share/bvrai/recordings}") Path directory) {
        return new FileSystemRecordingStore(directory);
    }
}
