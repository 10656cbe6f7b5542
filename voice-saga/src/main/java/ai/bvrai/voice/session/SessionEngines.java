package ai.bvrai.voice.session;

import org.springframework.ai.chat.model.ChatModel;

import ai.bvrai.voice.engine.SpeechRecognizer;
import ai.bvrai.voice.engine.SpeechSynthesizer;
import ai.bvrai.voice.engine.VoiceActivityDetectorFactory;

/** The engines one call runs on, chosen from its agent's configuration. */
public record SessionEngines(SpeechRecognizer recognizer, SpeechSynthesizer synthesizer,
                             VoiceActivityDetectorFactory voiceActivity, ChatModel responder) {
}
