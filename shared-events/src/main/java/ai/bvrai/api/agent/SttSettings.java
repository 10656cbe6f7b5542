package ai.bvrai.api.agent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Which speech-to-text engine hears the caller, and with which model. */
public record SttSettings(
        @NotBlank @Pattern(regexp = "vosk|deepgram", message = "must be one of vosk, deepgram") String provider,
        @NotBlank @Size(max = 100) String model) {
}
