package ai.bvrai.voice.tts;

import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.voice.audio.TestSpeech;
import ai.bvrai.voice.engine.Cancellation;
import ai.bvrai.voice.engine.SpeechEngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FliteSpeechSynthesizerTest {

    final FliteSpeechSynthesizer flite = new FliteSpeechSynthesizer("flite");

    @TempDir
    static Path cache;

    /** flite's slt voice through Vosk: measured 8.6 % WER ("appointment" heard as "environment"). The bound 20 % catches wrong rates and truncation. */
    @Test
    void givenAgentSentences_whenSpokenBySlt_thenVoskHearsThemWithAtMost20PercentWordErrors() {
        assertThat(flite.unavailableReason()).isEmpty();
        List<String> heard = new ArrayList<>();
        for (String sentence : SpeechRoundTrip.AGENT_SENTENCES) {
            long start = System.nanoTime();
            byte[] audio = SpeechRoundTrip.synthesize(flite, sentence, "slt");
            long millis = (System.nanoTime() - start) / 1_000_000;
            String text = SpeechRoundTrip.recognize(audio, cache);
            System.out.printf("flite: %-55s %5d ms audio, synthesized in %3d ms -> %s%n", sentence, audio.length / 32, millis, text);
            heard.add(text);
        }
        double wer = TestSpeech.pooledWordErrorRate(SpeechRoundTrip.AGENT_SENTENCES, heard);
        System.out.printf("flite -> Vosk WER: %.1f %%%n", wer * 100);
        assertThat(wer).isLessThanOrEqualTo(0.20);
    }

    @Test
    void givenThe8kHzKalVoice_whenSynthesized_thenAudioIsUpsampledAndStillIntelligible() {
        String sentence = "your appointment is confirmed for tomorrow morning";
        byte[] kal = SpeechRoundTrip.synthesize(flite, sentence, "kal");
        byte[] kal16 = SpeechRoundTrip.synthesize(flite, sentence, "kal16");
        assertThat((double) kal.length / kal16.length).isBetween(0.9, 1.1);
        String heard = SpeechRoundTrip.recognize(kal, cache);
        System.out.println("flite kal (8 kHz, up-sampled): " + heard);
        assertThat(TestSpeech.wordErrorRate(sentence, heard)).isLessThanOrEqualTo(0.5);
    }

    @Test
    void givenACancellationRaisedByTheFirstChunk_whenSynthesizing_thenAudioStopsEarly() {
        String sentence = "thank you for calling, this is a rather long sentence so that the audio has many chunks to send";
        int full = SpeechRoundTrip.synthesize(flite, sentence, "slt").length;
        Cancellation cancel = new Cancellation();
        ByteArrayOutputStream heard = new ByteArrayOutputStream();
        flite.synthesize(sentence, new VoiceSettings("flite", "slt"), (pcm, off, len) -> {
            heard.write(pcm, off, len);
            cancel.cancel();
        }, cancel);
        assertThat(heard.size()).isPositive().isLessThanOrEqualTo(full / 4);
    }

    @Test
    void givenTextThatLooksLikeAnOption_whenSynthesized_thenItIsSpokenNotParsed() {
        assertThat(SpeechRoundTrip.synthesize(flite, "-o /tmp/owned --help", "slt")).hasSizeGreaterThan(16_000);
    }

    @Test
    void givenNoBinary_whenAsked_thenItIsUnavailableWithAReason() {
        FliteSpeechSynthesizer missing = new FliteSpeechSynthesizer("/nonexistent/flite");
        assertThat(missing.unavailableReason()).get().asString().contains("flite");
        assertThatThrownBy(() -> SpeechRoundTrip.synthesize(missing, "hello", "slt"))
                .isInstanceOf(SpeechEngineException.class).hasMessageContaining("not available");
    }

    @Test
    void givenAnUnknownVoice_whenSynthesizing_thenTheErrorNamesTheVoicesThatExist() {
        assertThatThrownBy(() -> SpeechRoundTrip.synthesize(flite, "hello", "kevin16"))
                .isInstanceOf(SpeechEngineException.class).hasMessageContaining("slt");
    }
}
