package ai.bvrai.api.agent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Which text-to-speech engine speaks for the agent, and with which voice. */
public record VoiceSettings(
        @NotBlank @Pattern(regexp = "freetts|flite|elevenlabs", message = "must be one of freetts, flite, elevenlabs") String provider,
        @NotBlank @Size(max = 100) String voiceId) {
}
