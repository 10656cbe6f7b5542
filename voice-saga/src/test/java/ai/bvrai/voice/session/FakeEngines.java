package ai.bvrai.voice.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.voice.engine.AudioSink;
import ai.bvrai.voice.engine.Cancellation;
import ai.bvrai.voice.engine.RecognitionSession;
import ai.bvrai.voice.engine.SpeechEngineException;
import ai.bvrai.voice.engine.SpeechRecognizer;
import ai.bvrai.voice.engine.SpeechSynthesizer;
import ai.bvrai.voice.engine.VoiceActivityDetector;
import ai.bvrai.voice.engine.VoiceActivityDetectorFactory;
import reactor.core.publisher.Flux;

/**
 * Engines with fixed latencies for pipeline tests. Caller "speech" is any frame whose first sample is loud; the
 * recognizer hears the next line of its script, revealing one word per 100 ms of speech; the synthesizer speaks
 * 250 ms of loud audio per word; the responder answers from a function of the prompt, word by word.
 */
final class FakeEngines {

    static final short SPEECH_LEVEL = 3_000;

    final Recognizer recognizer = new Recognizer();
    final Synthesizer synthesizer = new Synthesizer();
    final Responder responder = new Responder();
    final VoiceActivityDetectorFactory vad = () -> frame -> Math.abs(frame[0]) > 1_000 ? 1f : 0f;

    SessionEngines engines() {
        return new SessionEngines(recognizer, synthesizer, vad, responder);
    }

    static final class Recognizer implements SpeechRecognizer {
        final AtomicInteger open = new AtomicInteger();
        final Deque<String> script = new ArrayDeque<>();
        volatile boolean failing;

        synchronized void willHear(String... utterances) {
            script.addAll(List.of(utterances));
        }

        synchronized String next() {
            String next = script.poll();
            return next == null ? "" : next;
        }

        @Override
        public String provider() {
            return "fake";
        }

        @Override
        public RecognitionSession open(SttSettings settings, String language) {
            open.incrementAndGet();
            return new RecognitionSession() {
                int voicedFrames;
                String utterance;
                boolean closed;

                @Override
                public String accept(byte[] pcm16, int offset, int length) {
                    if (failing) {
                        throw new SpeechEngineException("recognizer broke");
                    }
                    short first = (short) ((pcm16[offset] & 0xff) | (pcm16[offset + 1] << 8));
                    if (Math.abs(first) > 1_000) {
                        if (utterance == null) {
                            utterance = next();
                        }
                        voicedFrames++;
                    }
                    if (utterance == null) {
                        return "";
                    }
                    String[] words = utterance.split(" ");
                    int revealed = Math.min(words.length, voicedFrames / 5);
                    return String.join(" ", java.util.Arrays.copyOf(words, revealed));
                }

                @Override
                public String finishUtterance() {
                    String text = utterance == null ? "" : utterance;
                    utterance = null;
                    voicedFrames = 0;
                    return text;
                }

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        open.decrementAndGet();
                    }
                }
            };
        }
    }

    static final class Synthesizer implements SpeechSynthesizer {
        volatile Duration latency = Duration.ofMillis(40);
        volatile boolean failing;
        final List<String> spoken = new CopyOnWriteArrayList<>();

        @Override
        public String provider() {
            return "fake";
        }

        @Override
        public void synthesize(String text, VoiceSettings voice, AudioSink sink, Cancellation cancel) {
            if (failing) {
                throw new SpeechEngineException("synthesizer broke");
            }
            sleep(latency.toMillis());
            spoken.add(text);
            int words = text.split("\\s+").length;
            int chunks = words * 250 / 50;           // 250 ms per word in 50 ms chunks
            for (int i = 0; i < chunks && !cancel.isCancelled(); i++) {
                byte[] chunk = new byte[1600];
                for (int s = 0; s < 800; s++) {
                    chunk[2 * s] = (byte) (SPEECH_LEVEL & 0xff);
                    chunk[2 * s + 1] = (byte) (SPEECH_LEVEL >> 8);
                }
                sink.accept(chunk, 0, chunk.length);
            }
        }
    }

    static final class Responder implements ChatModel {
        volatile Function<Prompt, String> replies = prompt -> "Sure. We open at nine.";
        volatile Duration latency = Duration.ofMillis(60);
        volatile int failuresLeft;
        volatile boolean neverAnswers;
        final List<Prompt> prompts = new CopyOnWriteArrayList<>();
        final AtomicInteger cancelled = new AtomicInteger();

        @Override
        public ChatResponse call(Prompt prompt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Flux<ChatResponse> stream(Prompt prompt) {
            prompts.add(prompt);
            if (failuresLeft > 0) {
                failuresLeft--;
                return Flux.error(new IllegalStateException("responder broke"));
            }
            if (neverAnswers) {
                return Flux.never();
            }
            List<String> tokens = new ArrayList<>();
            for (String word : replies.apply(prompt).split("(?<= )")) {
                tokens.add(word);
            }
            return Flux.fromIterable(tokens)
                    .delayElements(Duration.ofMillis(5))
                    .delaySubscription(latency)
                    .map(token -> new ChatResponse(List.of(new Generation(new AssistantMessage(token)))))
                    .doOnCancel(cancelled::incrementAndGet);
        }
    }

    static void sleep(long ms) {
        try {
            // a fixed-latency fake engine: the latency is the point, nothing is waited for
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechEngineException("interrupted");
        }
    }
}
