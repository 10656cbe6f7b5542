package ai.bvrai.bench.voice;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.voice.engine.AudioSink;
import ai.bvrai.voice.engine.Cancellation;
import ai.bvrai.voice.engine.SpeechSynthesizer;
import ai.bvrai.voice.session.SessionEngines;
import reactor.core.publisher.Flux;

/**
 * The moments ({@link System#nanoTime()}) of one reply turn on its way from the language model to the caller, each
 * the first of its kind since {@link #reset()}: the fakes mark what happens on the provider side, the probes
 * ({@link #probe(SessionEngines)}) what our session sees at the edge of the engines it was given. Thread-safe.
 */
final class TurnTimeline {

    private static final long UNSET = Long.MIN_VALUE;

    /** The session asked its chat model for a reply. */
    private final AtomicLong llmCalled = new AtomicLong(UNSET);
    /** The request reached the language model fake. */
    private final AtomicLong llmArrived = new AtomicLong(UNSET);
    /** The fake wrote (and flushed) the chunk that holds the whole first sentence. */
    private final AtomicLong llmFirstChunk = new AtomicLong(UNSET);
    /** The chat model the session was given emitted the first text. */
    private final AtomicLong firstToken = new AtomicLong(UNSET);
    /** The session asked its synthesizer for the first sentence. */
    private final AtomicLong ttsCalled = new AtomicLong(UNSET);
    /** The request reached the speech fake. */
    private final AtomicLong ttsArrived = new AtomicLong(UNSET);
    /** The fake wrote (and flushed) the first audio. */
    private final AtomicLong ttsFirstAudio = new AtomicLong(UNSET);
    /** The synthesizer the session was given handed the first audio to the session. */
    private final AtomicLong audioReceived = new AtomicLong(UNSET);

    /** Starts a new turn: every moment unset. */
    void reset() {
        for (AtomicLong moment : new AtomicLong[] {llmCalled, llmArrived, llmFirstChunk, firstToken, ttsCalled,
                ttsArrived, ttsFirstAudio, audioReceived}) {
            moment.set(UNSET);
        }
    }

    void llmArrived() {
        mark(llmArrived);
    }

    void llmFirstChunk() {
        mark(llmFirstChunk);
    }

    void ttsArrived() {
        mark(ttsArrived);
    }

    void ttsFirstAudio() {
        mark(ttsFirstAudio);
    }

    /** The session's engines with the chat model's and the synthesizer's edge timed (a few nanoseconds each). */
    SessionEngines probe(SessionEngines engines) {
        ChatModel chat = engines.responder();
        SpeechSynthesizer tts = engines.synthesizer();
        ChatModel timedChat = new ChatModel() {
            @Override
            public ChatResponse call(Prompt prompt) {
                return chat.call(prompt);
            }

            @Override
            public Flux<ChatResponse> stream(Prompt prompt) {
                mark(llmCalled);
                return chat.stream(prompt).doOnNext(response -> {
                    String text = response.getResult() == null || response.getResult().getOutput() == null ? null
                            : response.getResult().getOutput().getText();
                    if (text != null && !text.isEmpty()) {
                        mark(firstToken);
                    }
                });
            }
        };
        SpeechSynthesizer timedTts = new SpeechSynthesizer() {
            @Override
            public String provider() {
                return tts.provider();
            }

            @Override
            public void synthesize(String text, VoiceSettings voice, AudioSink sink, Cancellation cancel) {
                mark(ttsCalled);
                tts.synthesize(text, voice, (pcm, offset, length) -> {
                    mark(audioReceived);
                    sink.accept(pcm, offset, length);
                }, cancel);
            }
        };
        return new SessionEngines(engines.recognizer(), timedTts, engines.voiceActivity(), timedChat);
    }

    /** This turn's moments, with the first agent frame handed to the transport; fails when one is missing. */
    Turn turn(long firstFrameSent) {
        return new Turn(get(llmCalled, "chat model called"), get(llmArrived, "LLM request at the fake"),
                get(llmFirstChunk, "first LLM chunk written"), get(firstToken, "first token out of the chat model"),
                get(ttsCalled, "synthesizer called"), get(ttsArrived, "TTS request at the fake"),
                get(ttsFirstAudio, "first audio written"), get(audioReceived, "first audio in our sink"), firstFrameSent);
    }

    private static void mark(AtomicLong moment) {
        long now = System.nanoTime();
        moment.compareAndSet(UNSET, now);
    }

    private static long get(AtomicLong moment, String what) {
        long value = moment.get();
        if (value == UNSET) {
            throw new IllegalStateException("the turn has no moment '" + what + "'");
        }
        return value;
    }

    /** One turn's moments (ns); the derived durations in µs. */
    record Turn(long llmCalled, long llmArrived, long llmFirstChunk, long firstToken, long ttsCalled, long ttsArrived,
                long ttsFirstAudio, long audioReceived, long firstFrameSent) {

        /** First LLM chunk written → first agent frame handed to the transport, minus the TTS fake's latency. */
        long ourPathMicros(long ttsLatencyNanos) {
            return micros(firstFrameSent - llmFirstChunk - ttsLatencyNanos);
        }

        /** The same without the speech fake's own time: minus its measured hold (request arrived → first audio written). */
        long ourPathWithoutFakeMicros() {
            return micros(firstFrameSent - llmFirstChunk - (ttsFirstAudio - ttsArrived));
        }

        /** First chunk written → first text out of the chat model (HTTP, SSE, JSON, Spring AI, our wrappers). */
        long tokenInMicros() {
            return micros(firstToken - llmFirstChunk);
        }

        /** First text → synthesizer called (sentence chunker, hand-off to the session's agent thread). */
        long toSynthesizerMicros() {
            return micros(ttsCalled - firstToken);
        }

        /** Synthesizer called → its request at the fake. */
        long ttsRequestOutMicros() {
            return micros(ttsArrived - ttsCalled);
        }

        /** The speech fake's wait beyond its fixed latency (its sleep's overshoot, writing the response head). */
        long ttsFakeOvershootMicros(long ttsLatencyNanos) {
            return micros(ttsFirstAudio - ttsArrived - ttsLatencyNanos);
        }

        /** First audio written → first audio handed to the session. */
        long audioInMicros() {
            return micros(audioReceived - ttsFirstAudio);
        }

        /** First audio handed to the session → first frame handed to the transport (playout, pacer). */
        long toTransportMicros() {
            return micros(firstFrameSent - audioReceived);
        }

        /** Time to first token as the session sees it: chat model called → first text out of it. */
        long timeToFirstTokenMicros() {
            return micros(firstToken - llmCalled);
        }

        /** Chat model called → its request at the fake. */
        long llmRequestOutMicros() {
            return micros(llmArrived - llmCalled);
        }

        /** TTS as the session sees it: synthesizer called → first audio out of it. */
        long ttsFirstAudioMicros() {
            return micros(audioReceived - ttsCalled);
        }

        private static long micros(long nanos) {
            return nanos / 1_000;
        }
    }
}
