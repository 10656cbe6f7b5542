package ai.bvrai.voice.transport.twilio;

import java.util.Base64;

import ai.bvrai.voice.audio.MuLaw;
import ai.bvrai.voice.audio.Pcm16;
import ai.bvrai.voice.audio.Resampler;

/**
 * The audio of one Media Stream: Twilio's base64 μ-law 8 kHz ↔ the pipeline's PCM16 16 kHz, through stateful
 * polyphase resamplers (one per direction, so filter history carries across 20 ms frames). Not thread-safe: the
 * caller's direction is used by the socket's reader, the agent's under the session's lock.
 */
public final class MediaStreamCodec {

    /** Twilio's frame: 20 ms of 8 kHz μ-law. */
    public static final int FRAME_BYTES = 160;

    private final Resampler up = new Resampler(8_000, Pcm16.SAMPLE_RATE);
    private final Resampler down = new Resampler(Pcm16.SAMPLE_RATE, 8_000);

    /** A {@code media} payload from Twilio as the pipeline's audio. */
    public byte[] callerAudio(String base64Payload) {
        return Pcm16.toBytes(up.process(MuLaw.decode(Base64.getDecoder().decode(base64Payload))));
    }

    /** One of the pipeline's frames as a {@code media} payload for Twilio. */
    public String agentPayload(byte[] pcm16) {
        return Base64.getEncoder().encodeToString(MuLaw.encode(down.process(Pcm16.toShorts(pcm16))));
    }

    /** 16 kHz speech as Twilio would carry it: 8 kHz μ-law (a whole signal, for tests and benchmarks). */
    public static byte[] toTelephone(short[] pcm16k) {
        return MuLaw.encode(Resampler.resample(pcm16k, Pcm16.SAMPLE_RATE, 8_000));
    }
}
