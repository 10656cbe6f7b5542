package ai.bvrai.voice.tts;

import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.voice.engine.Cancellation;
import ai.bvrai.voice.engine.RecognitionSession;
import ai.bvrai.voice.engine.SpeechSynthesizer;
import ai.bvrai.voice.stt.VoskModels;
import ai.bvrai.voice.stt.VoskSpeechRecognizer;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;

/** Synthesizes with an engine and listens with Vosk (its model is loaded once per JVM). */
final class SpeechRoundTrip {

    /** What an agent says. */
    static final List<String> AGENT_SENTENCES = List.of(
            "thank you for calling how can i help you today",
            "our office is open from nine to five on weekdays",
            "your appointment is confirmed for tomorrow morning",
            "the basic plan costs ten dollars per month");

    private static VoskSpeechRecognizer recognizer;

    private SpeechRoundTrip() {
    }

    static synchronized VoskSpeechRecognizer recognizer(Path cache) {
        if (recognizer == null) {
            recognizer = new VoskSpeechRecognizer(() -> VoskModels.bundledModelDirectory(cache));
        }
        return recognizer;
    }

    static byte[] synthesize(SpeechSynthesizer tts, String text, String voice) {
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        tts.synthesize(text, new VoiceSettings(tts.provider(), voice), audio::write, new Cancellation());
        return audio.toByteArray();
    }

    static String recognize(byte[] pcm16, Path cache) {
        try (RecognitionSession session = recognizer(cache).open(new SttSettings("vosk", "en-us"), "en-US")) {
            for (int off = 0; off < pcm16.length; off += 640) {
                session.accept(pcm16, off, Math.min(640, pcm16.length - off));
            }
            return session.finishUtterance();
        }
    }
}
