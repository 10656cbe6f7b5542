package ai.bvrai.bench.voice;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.context.properties.bind.Binder;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;

import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.api.call.RecordAgentTurnCommand;
import ai.bvrai.api.organization.Provider;
import ai.bvrai.bench.CpuMeter;
import ai.bvrai.bench.voice.TurnTimeline.Turn;
import ai.bvrai.bench.voice.VoiceBenchmark.Caller;
import ai.bvrai.bench.voice.VoiceBenchmark.Commands;
import ai.bvrai.bench.voice.VoiceBenchmark.Transport;
import ai.bvrai.infra.credentials.CredentialsResolver;
import ai.bvrai.infra.credentials.ProviderSecret;
import ai.bvrai.voice.engine.AudioSink;
import ai.bvrai.voice.engine.Cancellation;
import ai.bvrai.voice.engine.RecognitionSession;
import ai.bvrai.voice.engine.SpeechRecognizer;
import ai.bvrai.voice.engine.SpeechSynthesizer;
import ai.bvrai.voice.engine.VoiceEngines;
import ai.bvrai.voice.llm.LanguageModels;
import ai.bvrai.voice.pipeline.Pcm;
import ai.bvrai.voice.provider.ProviderEngineSelector;
import ai.bvrai.voice.provider.ProviderProperties;
import ai.bvrai.voice.provider.ProviderResilience;
import ai.bvrai.voice.responder.OfflineResponder;
import ai.bvrai.voice.session.EngineSelector;
import ai.bvrai.voice.session.VoiceSession;
import ai.bvrai.voice.session.VoiceSessions;
import ai.bvrai.voice.tools.CallToolbox;
import ai.bvrai.voice.tts.FreeTtsSpeechSynthesizer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code VoiceBenchmark providers}: the latency our provider path adds between a language model's first sentence and
 * the caller's first audio frame, against provider fakes with fixed latencies (see docs/benchmarks.md).
 * <p>
 * One real voice session per variant, in process, with the production {@link ProviderEngineSelector}:
 * <ul>
 *   <li><b>HTTP fakes</b> — agent {@code llm = openai}, {@code voice = elevenlabs}: Spring AI's {@code OpenAiChatModel}
 *       from {@link LanguageModels} inside {@code ResilientChatModel}, {@code ElevenLabsSpeechSynthesizer} inside
 *       {@code ResilientSynthesizer}, talking HTTP to {@link FakeProviderServers};</li>
 *   <li><b>in-memory fakes</b> — the same session and pipeline on a {@link ChatModel} and a {@link SpeechSynthesizer}
 *       with the same timings and no HTTP, chosen by the same selector as offline engines: what the pipeline costs
 *       without our provider adapters.</li>
 * </ul>
 * The two calls are open together and take turns (one turn of each, in a loop), so both variants see the same load
 * from the rest of the machine. The caller's turns are scripted (a recognizer that knows the question); per reply the
 * {@link TurnTimeline} holds the moments from the model's first chunk to the first frame handed to the transport.
 */
final class ProviderLatencyBenchmark {

    /** What the model answers, chunk by chunk: the first chunk is the whole first sentence. */
    static final List<String> REPLY = List.of("We are open from nine to five. ", "Anything", " else?");
    /** Each sentence's audio: 400 ms of a 440 Hz tone, PCM16 16 kHz, in 100 ms chunks. */
    static final List<byte[]> SENTENCE_AUDIO = tone(4, 100);

    private static final String QUESTION = "what are your opening hours";
    /** 300 ms of caller speech (the fake VAD's voiced frames), then the end-of-turn silence. */
    private static final byte[] CALLER_SPEECH = repeat(VoiceBenchmark.Fakes.SPEECH_FRAME, 15);
    private static final String MEMORY = "memory";
    private static final Duration TURN_TIMEOUT = Duration.ofSeconds(30);

    /** The fakes' fixed latencies: to the first chunk, between chunks, to the first audio. */
    record Latencies(Duration llm, Duration tokenInterval, Duration tts) {
    }

    private ProviderLatencyBenchmark() {
    }

    static void run(int turns, int warmup, Latencies latencies) throws Exception {
        if (turns < 1 || warmup < 0) {
            throw new IllegalArgumentException("--turns must be at least 1, --warmup at least 0");
        }
        productionLogLevel();
        Path scratch = Files.createTempDirectory("voice-bench");
        TurnTimeline timeline = new TurnTimeline();
        ProviderProperties settings = new Binder().bindOrCreate("bvrai.voice.providers", ProviderProperties.class);
        try (FakeProviderServers servers = FakeProviderServers.start(timeline, latencies);
             LanguageModels languageModels = new LanguageModels();
             FreeTtsSpeechSynthesizer freetts = new FreeTtsSpeechSynthesizer(1)) {
            CredentialsResolver credentials = credentials(servers);
            VoiceEngines offline = new VoiceEngines(List.of(new ScriptedRecognizer()),
                    List.of(freetts, new MemorySynthesizer(timeline, latencies)),
                    Map.of(OfflineResponder.PROVIDER, new OfflineResponder(), MEMORY, new MemoryChatModel(timeline, latencies)),
                    VoiceBenchmark.Fakes.VAD);
            ProviderResilience resilience = new ProviderResilience(settings.breakerWindow(), settings.breakerMinimumCalls(),
                    settings.breakerOpenFor(), settings.attempts(), settings.retryWait());
            ProviderEngineSelector selector = new ProviderEngineSelector(offline, credentials, languageModels,
                    new CallToolbox(credentials, false, Clock.systemUTC()), resilience, settings);
            VoiceSessions sessions = VoiceBenchmark.sessions(scratch);
            EngineSelector probed = (call, events) -> timeline.probe(selector.select(call, events));

            System.out.printf(Locale.ROOT, "providers: %d turns after %d warm-up turns per variant; fakes: first LLM chunk "
                            + "(the whole first sentence) %d ms after the request, next chunks every %d ms, first TTS audio "
                            + "%d ms after the request; Java %s, %d cores%n", turns, warmup, latencies.llm().toMillis(),
                    latencies.tokenInterval().toMillis(), latencies.tts().toMillis(), System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
            Call http = new Call("HTTP fakes", sessions, probed, timeline,
                    VoiceBenchmark.agent("script", Provider.ELEVENLABS.wireName(), Provider.OPENAI.wireName()));
            Call memory = new Call("in-memory fakes", sessions, probed, timeline,
                    VoiceBenchmark.agent("script", MEMORY, MEMORY));
            // the two calls take turns, so both variants run under the same load from the rest of the machine
            for (int turn = 0; turn < warmup; turn++) {
                http.turn();    // warm-up: JIT, connection pools, first use of the schedulers
                memory.turn();
            }
            CpuMeter meter = new CpuMeter(null);
            CpuMeter.Sample from = meter.sample();
            for (int turn = 0; turn < turns; turn++) {
                http.measured.add(http.turn());
                memory.measured.add(memory.turn());
            }
            CpuMeter.Usage cpu = meter.since(from);
            http.hangUp();
            memory.hangUp();
            report(latencies, http, memory);
            System.out.printf(Locale.ROOT, "measured %.0f s: machine busy %.0f %% of %d cores, this JVM %.1f CPU s, "
                            + "everything else %.1f CPU s; load average at the end %.2f%n", cpu.seconds(),
                    100 * cpu.machineBusy(), cpu.cores(), cpu.driver(),
                    cpu.machineBusy() * cpu.cores() * cpu.seconds() - cpu.driver(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            sessions.destroy();
        }
    }

    private static void report(Latencies latencies, Call http, Call memory) {
        long tts = latencies.tts().toNanos();
        String ttsMs = latencies.tts().toMillis() + " ms";
        System.out.println();
        System.out.println("| ms | " + http.name + " p50 | p95 | max | " + memory.name + " p50 | p95 | max |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        row("**our path**: first LLM chunk written → first agent frame to the transport, − TTS fake's " + ttsMs,
                t -> t.ourPathMicros(tts), http, memory);
        row("our path without the TTS fake's own time (steps 1-3, 5, 6)", Turn::ourPathWithoutFakeMicros, http, memory);
        row("1. first LLM chunk written → first token out of our chat model", Turn::tokenInMicros, http, memory);
        row("2. first token → synthesizer called (chunker, agent thread)", Turn::toSynthesizerMicros, http, memory);
        row("3. synthesizer called → request at the TTS fake", Turn::ttsRequestOutMicros, http, memory);
        row("4. TTS fake's own time beyond its " + ttsMs, t -> t.ttsFakeOvershootMicros(tts), http, memory);
        row("5. first audio written → first audio to the session", Turn::audioInMicros, http, memory);
        row("6. first audio to the session → first frame to the transport", Turn::toTransportMicros, http, memory);
        row("time to first token as we see it (fake holds " + latencies.llm().toMillis() + " ms)",
                Turn::timeToFirstTokenMicros, http, memory);
        row("  of which chat model called → request at the LLM fake", Turn::llmRequestOutMicros, http, memory);
        row("TTS first audio as we see it (fake holds " + ttsMs + ")", Turn::ttsFirstAudioMicros, http, memory);
        System.out.println();
        for (Call call : List.of(http, memory)) {
            Turn slowest = Collections.max(call.measured, Comparator.comparingLong(t -> t.ourPathMicros(tts)));
            System.out.printf(Locale.ROOT, "%s, slowest turn: our path %s = %s + %s + %s + %s + %s + %s ms (steps 1-6)%n",
                    call.name, ms(slowest.ourPathMicros(tts)), ms(slowest.tokenInMicros()),
                    ms(slowest.toSynthesizerMicros()), ms(slowest.ttsRequestOutMicros()),
                    ms(slowest.ttsFakeOvershootMicros(tts)), ms(slowest.audioInMicros()), ms(slowest.toTransportMicros()));
        }
    }

    private static void row(String label, ToLongFunction<Turn> micros, Call http, Call memory) {
        StringBuilder line = new StringBuilder("| ").append(label);
        for (Call call : List.of(http, memory)) {
            List<Long> values = call.measured.stream().map(micros::applyAsLong).toList();
            line.append(" | ").append(ms(VoiceBenchmark.pct(values, 50)))
                    .append(" | ").append(ms(VoiceBenchmark.pct(values, 95)))
                    .append(" | ").append(ms(Collections.max(values)));
        }
        System.out.println(line.append(" |"));
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private static String normalized(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    /** The platform default credentials of both providers: the fakes' keys and base URLs. */
    private static CredentialsResolver credentials(FakeProviderServers servers) {
        return (organizationId, provider) -> switch (provider) {
            case OPENAI -> Optional.of(new ProviderSecret(provider, Map.of("apiKey", FakeProviderServers.OPENAI_KEY,
                    "baseUrl", servers.openAiBaseUrl()), ProviderSecret.Source.PLATFORM_DEFAULT));
            case ELEVENLABS -> Optional.of(new ProviderSecret(provider, Map.of("apiKey", FakeProviderServers.ELEVENLABS_KEY,
                    "baseUrl", servers.elevenLabsBaseUrl()), ProviderSecret.Source.PLATFORM_DEFAULT));
            default -> Optional.empty();
        };
    }

    /** The platform logs at INFO; without a configuration Logback would log every HTTP exchange at DEBUG. */
    private static void productionLogLevel() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        }
    }

    private static List<byte[]> tone(int chunks, int chunkMs) {
        List<byte[]> audio = new ArrayList<>();
        int samples = chunkMs * Pcm.SAMPLE_RATE / 1000;
        for (int c = 0; c < chunks; c++) {
            byte[] pcm = new byte[samples * 2];
            for (int i = 0; i < samples; i++) {
                short s = (short) (3000 * Math.sin(2 * Math.PI * 440 * (c * samples + i) / Pcm.SAMPLE_RATE));
                pcm[2 * i] = (byte) (s & 0xff);
                pcm[2 * i + 1] = (byte) (s >> 8);
            }
            audio.add(pcm);
        }
        return List.copyOf(audio);
    }

    private static byte[] repeat(byte[] frame, int times) {
        byte[] all = new byte[frame.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(frame, 0, all, i * frame.length, frame.length);
        }
        return all;
    }

    /** One call of a variant, its caller, and the timelines of its measured turns. */
    private static final class Call {
        final String name;
        final List<Turn> measured = new ArrayList<>();
        private final TurnTimeline timeline;
        private final Commands commands = new Commands();
        private final Transport transport = new Transport();
        private final VoiceSession session;
        private final Caller caller;

        Call(String name, VoiceSessions sessions, EngineSelector selector, TurnTimeline timeline, AgentConfiguration agent)
                throws InterruptedException {
            this.name = name;
            this.timeline = timeline;
            session = sessions.open(VoiceBenchmark.call("bench-providers-" + agent.llm().provider(), agent), transport,
                    selector, commands);
            caller = new Caller(session);
            VoiceBenchmark.awaitAgentTurns(commands, 1, TURN_TIMEOUT);   // the greeting
        }

        /** The caller asks, the agent answers; the reply's timeline, once it has been played. */
        Turn turn() throws Exception {
            int before = commands.agentTurns().size();
            long framesBefore = transport.frames.get();
            timeline.reset();
            caller.say(CALLER_SPEECH);
            VoiceBenchmark.awaitAgentTurns(commands, before + 1, TURN_TIMEOUT);
            RecordAgentTurnCommand reply = commands.agentTurns().get(before);
            if (!commands.providerErrors().isEmpty()) {
                throw new IllegalStateException(name + ": a provider failed, the fallback served: " + commands.providerErrors());
            }
            if (!normalized(reply.heardText()).equals(normalized(String.join("", REPLY)))) {
                throw new IllegalStateException(name + ": the reply was '" + reply.heardText() + "'");
            }
            return timeline.turn(transport.firstFrameAfter(framesBefore));
        }

        void hangUp() throws Exception {
            session.acceptControl("{\"type\":\"hangup\"}");
            session.closed().get(10, TimeUnit.SECONDS);
            caller.stop();
        }
    }

    /** Knows what the caller says: the final transcript at once, so a turn's reply starts at its detection. */
    private static final class ScriptedRecognizer implements SpeechRecognizer {
        @Override
        public String provider() {
            return "script";
        }

        @Override
        public RecognitionSession open(SttSettings settings, String language) {
            return new RecognitionSession() {
                @Override
                public String accept(byte[] pcm16, int offset, int length) {
                    return "";
                }

                @Override
                public String finishUtterance() {
                    return QUESTION;
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** {@link #REPLY} on the fakes' timing, without HTTP: the first chunk after the LLM latency, then one per interval. */
    private static final class MemoryChatModel implements ChatModel {
        private final TurnTimeline timeline;
        private final Latencies latencies;

        MemoryChatModel(TurnTimeline timeline, Latencies latencies) {
            this.timeline = timeline;
            this.latencies = latencies;
        }

        @Override
        public ChatResponse call(Prompt prompt) {
            throw new UnsupportedOperationException("streams only");
        }

        @Override
        public Flux<ChatResponse> stream(Prompt prompt) {
            return Flux.defer(() -> {
                timeline.llmArrived();
                Flux<String> first = Mono.just(REPLY.getFirst()).delaySubscription(latencies.llm())
                        .doOnNext(text -> timeline.llmFirstChunk()).flux();
                Flux<String> rest = Flux.fromIterable(REPLY.subList(1, REPLY.size()));
                if (latencies.tokenInterval().isPositive()) {
                    rest = rest.delayElements(latencies.tokenInterval());
                }
                return first.concatWith(rest).map(text -> new ChatResponse(List.of(new Generation(new AssistantMessage(text)))));
            });
        }
    }

    /** {@link #SENTENCE_AUDIO} after the TTS latency, without HTTP. */
    private static final class MemorySynthesizer implements SpeechSynthesizer {
        private final TurnTimeline timeline;
        private final Latencies latencies;

        MemorySynthesizer(TurnTimeline timeline, Latencies latencies) {
            this.timeline = timeline;
            this.latencies = latencies;
        }

        @Override
        public String provider() {
            return MEMORY;
        }

        @Override
        public void synthesize(String text, VoiceSettings voice, AudioSink sink, Cancellation cancel) {
            timeline.ttsArrived();
            try {
                // a fixed-latency fake engine: the latency is the point
                Thread.sleep(latencies.tts());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            boolean first = true;
            for (byte[] audio : SENTENCE_AUDIO) {
                if (cancel.isCancelled()) {
                    return;
                }
                if (first) {
                    timeline.ttsFirstAudio();
                    first = false;
                }
                sink.accept(audio, 0, audio.length);
            }
        }
    }
}
