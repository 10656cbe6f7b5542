package ai.bvrai.bench.voice;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.LlmSettings;
import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.api.call.RecordAgentTurnCommand;
import ai.bvrai.api.call.RecordProviderErrorCommand;
import ai.bvrai.api.call.TurnLatency;
import ai.bvrai.infra.recording.RecordingStore;
import ai.bvrai.voice.engine.AudioSink;
import ai.bvrai.voice.engine.Cancellation;
import ai.bvrai.voice.engine.RecognitionSession;
import ai.bvrai.voice.engine.SpeechRecognizer;
import ai.bvrai.voice.engine.SpeechSynthesizer;
import ai.bvrai.voice.engine.VoiceActivityDetectorFactory;
import ai.bvrai.voice.pipeline.Pcm;
import ai.bvrai.voice.responder.SentenceChunker;
import ai.bvrai.voice.responder.OfflineResponder;
import ai.bvrai.voice.session.CallContext;
import ai.bvrai.voice.session.CallTransport;
import ai.bvrai.voice.session.SessionEngines;
import ai.bvrai.voice.session.VoiceRuntimeProperties;
import ai.bvrai.voice.session.VoiceSession;
import ai.bvrai.voice.session.VoiceSessions;
import ai.bvrai.voice.stt.VoskModels;
import ai.bvrai.voice.stt.VoskSpeechRecognizer;
import ai.bvrai.voice.audio.Pcm16;
import ai.bvrai.voice.transport.twilio.MediaStreamCodec;
import ai.bvrai.voice.tts.FreeTtsSpeechSynthesizer;
import ai.bvrai.voice.vad.EnergyVoiceActivityDetectorFactory;
import reactor.core.publisher.Flux;

/**
 * The voice runtime's benchmarks, in process (no database, no network: commands go to a sink, audio to an
 * in-memory transport that timestamps every frame; the caller sends 20 ms frames in real time).
 * <pre>
 *   latency      [--turns 20] [--warmup 2]                    offline engines (Vosk, FreeTTS, offline responder), espeak-ng caller
 *   concurrency  [--sessions 50] [--seconds 60]    fixed-latency fake engines, N simultaneous calls
 *   phone        [--sessions 50] [--seconds 60]    the same over the Twilio Media Streams codec and JSON framing
 *   telephone-wer                                  Vosk's word error rate on the test sentences, 16 kHz vs μ-law 8 kHz
 *   providers    [--turns 50] [--warmup 20] [--llm-latency 200] [--token-interval 20] [--tts-latency 80]
 *                one call on the cloud provider path (OpenAI, ElevenLabs) against local HTTP fakes, and on in-memory fakes
 * </pre>
 * Run: {@code java -cp benchmarks/target/benchmarks-…-exec.jar… ai.bvrai.bench.voice.VoiceBenchmark latency}; see
 * docs/benchmarks.md.
 */
public final class VoiceBenchmark {

    private static final String KNOWLEDGE = """
            What are your opening hours? We are open from nine in the morning to five in the afternoon, Monday to Friday.
            How does delivery work? We deliver to every city in the country. Standard delivery takes three to five working days.
            Where is your shop? Our shop is at the market square, next to the station.
            Do you have parking? Yes, there is free parking behind the shop.
            """;
    private static final List<String> QUESTIONS = List.of("what are your opening hours", "how does delivery work",
            "where is your shop", "do you have parking");

    private VoiceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "latency";
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        switch (mode) {
            case "latency" -> latency(Integer.parseInt(options.getOrDefault("turns", "20")),
                    Integer.parseInt(options.getOrDefault("warmup", "2")));
            case "concurrency" -> concurrency(Integer.parseInt(options.getOrDefault("sessions", "50")),
                    Integer.parseInt(options.getOrDefault("seconds", "60")));
            case "phone" -> phone(Integer.parseInt(options.getOrDefault("sessions", "50")),
                    Integer.parseInt(options.getOrDefault("seconds", "60")));
            case "telephone-wer" -> telephoneWer();
            case "providers" -> ProviderLatencyBenchmark.run(Integer.parseInt(options.getOrDefault("turns", "50")),
                    Integer.parseInt(options.getOrDefault("warmup", "20")), new ProviderLatencyBenchmark.Latencies(
                            Duration.ofMillis(Long.parseLong(options.getOrDefault("llm-latency", "200"))),
                            Duration.ofMillis(Long.parseLong(options.getOrDefault("token-interval", "20"))),
                            Duration.ofMillis(Long.parseLong(options.getOrDefault("tts-latency", "80")))));
            default -> throw new IllegalArgumentException("modes: latency, concurrency, phone, telephone-wer, providers");
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------------------------------
    // latency: end of caller speech → first agent audio, offline engines

    static void latency(int turns, int warmup) throws Exception {
        Path scratch = Files.createTempDirectory("voice-bench");
        VoskSpeechRecognizer vosk = new VoskSpeechRecognizer(() -> VoskModels.bundledModelDirectory(
                Path.of(System.getProperty("user.home"), ".cache", "bvrai", "vosk")));
        vosk.preload();
        FreeTtsSpeechSynthesizer freetts = new FreeTtsSpeechSynthesizer(2);
        freetts.preload();
        Timed timed = new Timed(vosk, freetts, new OfflineResponder());
        SessionEngines engines = new SessionEngines(timed.recognizer, timed.synthesizer,
                new EnergyVoiceActivityDetectorFactory(), timed.responder);
        Map<String, byte[]> speech = new java.util.HashMap<>();
        for (String question : QUESTIONS) {
            speech.put(question, espeak(question, scratch));
        }

        VoiceSessions sessions = sessions(scratch);
        Commands commands = new Commands();
        Transport transport = new Transport();
        VoiceSession session = sessions.open(call("bench-latency", agent("vosk", "freetts", "offline")), transport, engines, commands);
        Caller caller = new Caller(session);
        awaitAgentTurns(commands, 1, Duration.ofSeconds(30));   // the greeting

        List<Long> toFirstAudio = new ArrayList<>();
        List<Long> fromDetection = new ArrayList<>();
        List<Long> overhead = new ArrayList<>();
        List<String> breakdown = new ArrayList<>();
        for (int turn = -warmup; turn < turns; turn++) {
            String question = QUESTIONS.get(Math.floorMod(turn, QUESTIONS.size()));
            int before = commands.agentTurns().size();
            long framesBefore = transport.frames.get();
            long speechEnd = caller.say(trim(speech.get(question)));
            awaitAgentTurns(commands, before + 1, Duration.ofSeconds(30));
            long firstAudio = transport.firstFrameAfter(framesBefore);
            RecordAgentTurnCommand reply = commands.agentTurns().get(before);
            TurnLatency l = reply.latency();
            long engineMs = timed.lastSttFinishMs + timed.lastResponderFirstSentenceMs + timed.lastTtsFirstAudioMs;
            if (turn < 0) {
                caller.silence(Duration.ofMillis(800));
                continue;   // warm-up: JIT, first use of the reactive scheduler and the TTS voice
            }
            toFirstAudio.add(TimeUnit.NANOSECONDS.toMillis(firstAudio - speechEnd));
            fromDetection.add(l.firstAudioSentMs());
            overhead.add(l.firstAudioSentMs() - engineMs);
            breakdown.add(String.format(Locale.ROOT, "silence %d, stt %d (engine %d), text %d (engine %d), audio %d (engine %d), sent %d",
                    l.endOfSpeechDetectedMs(), l.sttFinalMs(), timed.lastSttFinishMs, l.firstReplyTextMs(),
                    timed.lastResponderFirstSentenceMs, l.firstAudioSynthesizedMs(), timed.lastTtsFirstAudioMs, l.firstAudioSentMs()));
            caller.silence(Duration.ofMillis(800));
        }
        session.acceptControl("{\"type\":\"hangup\"}");
        session.closed().get(10, TimeUnit.SECONDS);
        caller.stop();
        breakdown.forEach(line -> System.out.println("  " + line));
        System.out.printf(Locale.ROOT, "latency turns=%d after %d warm-up turns (offline engines, end-of-turn silence 600 ms)%n", turns, warmup);
        System.out.printf(Locale.ROOT, "  end of caller speech -> first agent audio frame: p50 %d ms, p95 %d ms, max %d ms%n",
                pct(toFirstAudio, 50), pct(toFirstAudio, 95), Collections.max(toFirstAudio));
        System.out.printf(Locale.ROOT, "  end-of-turn detected -> first agent audio frame: p50 %d ms, p95 %d ms%n",
                pct(fromDetection, 50), pct(fromDetection, 95));
        System.out.printf(Locale.ROOT, "  platform overhead (detected -> sent minus engine time): p50 %d ms, p95 %d ms, max %d ms%n",
                pct(overhead, 50), pct(overhead, 95), Collections.max(overhead));
        sessions.destroy();
        freetts.close();
    }

    // ---------------------------------------------------------------------------------------------------------
    // concurrency: N calls on fixed-latency fakes

    static void concurrency(int count, int seconds) throws Exception {
        Path scratch = Files.createTempDirectory("voice-bench");
        VoiceSessions sessions = sessions(scratch);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long cpuBefore = os.getProcessCpuTime();

        ScheduledExecutorService callers = Executors.newScheduledThreadPool(2);
        List<VoiceSession> open = new ArrayList<>();
        List<Commands> allCommands = new ArrayList<>();
        List<Transport> transports = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Commands commands = new Commands();
            Transport transport = new Transport();
            VoiceSession session = sessions.open(call("bench-" + i, agent("fake", "fake", "fake")), transport,
                    Fakes.engines(), commands);
            open.add(session);
            allCommands.add(commands);
            transports.add(transport);
            // each caller: 1.5 s of speech, then silence, every 6 s, offset so turns do not line up
            long offset = (long) (6000.0 * i / count);
            int[] tick = {0};
            callers.scheduleAtFixedRate(() -> {
                long ms = (tick[0]++ * 20L + offset) % 6000;
                session.acceptAudio(ms < 1500 ? Fakes.SPEECH_FRAME : Fakes.SILENT_FRAME);
            }, 0, 20, TimeUnit.MILLISECONDS);
        }
        long measureFrom = System.nanoTime();
        long cpuFrom = os.getProcessCpuTime();
        // the measurement window itself: sessions run on their own threads meanwhile
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long cpuUsed = os.getProcessCpuTime() - cpuFrom;
        long wall = System.nanoTime() - measureFrom;
        long heapDuring = memory.getHeapMemoryUsage().getUsed();
        System.gc();
        long heapLive = memory.getHeapMemoryUsage().getUsed();
        int threadsDuring = ManagementFactory.getThreadMXBean().getThreadCount();
        long late = open.stream().mapToLong(VoiceSession::lateFrames).sum();
        long frames = transports.stream().mapToLong(t -> t.frames.get()).sum();
        List<Long> latencies = new ArrayList<>();
        allCommands.forEach(c -> c.agentTurns().stream().skip(1).map(t -> t.latency().firstAudioSentMs()).forEach(latencies::add));
        callers.shutdownNow();
        for (VoiceSession session : open) {
            session.transportClosed();
        }
        for (VoiceSession session : open) {
            session.closed().get(20, TimeUnit.SECONDS);
        }
        System.out.printf(Locale.ROOT, "concurrency sessions=%d, %d s measured, fakes: stt 50 ms, responder 150 ms, tts 100 ms%n", count, seconds);
        System.out.printf(Locale.ROOT, "  agent frames sent %d, late %d%n", frames, late);
        System.out.printf(Locale.ROOT, "  reply turns %d, detected -> first frame sent p50 %d ms, p95 %d ms, max %d ms (engine floor 300 ms)%n",
                latencies.size(), pct(latencies, 50), pct(latencies, 95), latencies.isEmpty() ? 0 : Collections.max(latencies));
        System.out.printf(Locale.ROOT, "  CPU %.1f%% of one core in total, %.2f%% per session%n",
                100.0 * cpuUsed / wall, 100.0 * cpuUsed / wall / count);
        System.out.printf(Locale.ROOT, "  heap live after GC +%d KiB per session (in use before GC +%d KiB per session); threads +%d%n",
                (heapLive - heapBefore) / 1024 / count, (heapDuring - heapBefore) / 1024 / count, threadsDuring - threadsBefore);
        System.out.printf(Locale.ROOT, "  sessions open after hang-up: %d%n", sessions.size());
        sessions.destroy();
    }

    // ---------------------------------------------------------------------------------------------------------
    // phone: N Media Streams calls on fixed-latency fakes, through the Twilio codec and JSON framing

    static void phone(int count, int seconds) throws Exception {
        Path scratch = Files.createTempDirectory("voice-bench");
        VoiceSessions sessions = sessions(scratch);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var memory = ManagementFactory.getMemoryMXBean();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        // what Twilio sends every 20 ms: a media message of 160 μ-law bytes. "Speech" is a 500 Hz tone (the fakes'
        // alternating samples are 8 kHz, above the telephone band) and the VAD judges a frame's energy
        short[] loud = new short[Pcm.FRAME_BYTES / 2];
        for (int i = 0; i < loud.length; i++) {
            loud[i] = (short) (8000 * Math.sin(2 * Math.PI * 500 * i / 16_000.0));
        }
        SessionEngines fakes = Fakes.engines();
        SessionEngines engines = new SessionEngines(fakes.recognizer(), fakes.synthesizer(),
                () -> frame -> Pcm16.rms(frame) > 0.03 ? 1f : 0f, fakes.responder());
        String speechMessage = media(MediaStreamCodec.toTelephone(loud));
        String silenceMessage = media(MediaStreamCodec.toTelephone(new short[Pcm.FRAME_BYTES / 2]));
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

        ScheduledExecutorService callers = Executors.newScheduledThreadPool(2);
        List<VoiceSession> open = new ArrayList<>();
        List<PhoneTransport> transports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MediaStreamCodec codec = new MediaStreamCodec();
            PhoneTransport transport = new PhoneTransport(codec);
            VoiceSession session = sessions.open(call("phone-" + i, agent("fake", "fake", "fake")), transport,
                    engines, new Commands());
            open.add(session);
            transports.add(transport);
            long offset = (long) (6000.0 * i / count);
            int[] tick = {0};
            callers.scheduleAtFixedRate(() -> {
                long ms = (tick[0]++ * 20L + offset) % 6000;
                try {
                    // as TwilioMediaStreamHandler does: parse, decode, resample, hand over
                    var event = json.readTree(ms < 1500 ? speechMessage : silenceMessage);
                    session.acceptAudio(codec.callerAudio(event.path("media").path("payload").asText()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
        }
        // warm-up: first turns, JIT
        Thread.sleep(6_000);
        transports.forEach(PhoneTransport::startMeasuring);
        long measureFrom = System.nanoTime();
        long cpuFrom = os.getProcessCpuTime();
        long lateBefore = open.stream().mapToLong(VoiceSession::lateFrames).sum();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));   // the measurement window: sessions run on their own threads
        long cpuUsed = os.getProcessCpuTime() - cpuFrom;
        long wall = System.nanoTime() - measureFrom;
        transports.forEach(PhoneTransport::stopMeasuring);
        long heapDuring = memory.getHeapMemoryUsage().getUsed();
        System.gc();
        long heapLive = memory.getHeapMemoryUsage().getUsed();
        int threadsDuring = ManagementFactory.getThreadMXBean().getThreadCount();
        long late = open.stream().mapToLong(VoiceSession::lateFrames).sum() - lateBefore;
        List<Long> jitter = new ArrayList<>();
        List<Long> cushion = new ArrayList<>();
        long frames = 0;
        for (PhoneTransport transport : transports) {
            jitter.addAll(transport.steadyJitterMicros());
            cushion.addAll(transport.cushionMicros());
            frames += transport.measuredFrames();
        }
        callers.shutdownNow();
        for (VoiceSession session : open) {
            session.transportClosed();
        }
        for (VoiceSession session : open) {
            session.closed().get(20, TimeUnit.SECONDS);
        }
        System.out.printf(Locale.ROOT, "phone sessions=%d, %d s measured after 6 s warm-up (Media Streams codec + JSON), fakes as concurrency%n", count, seconds);
        System.out.printf(Locale.ROOT, "  agent media messages sent %d, late frames %d%n", frames, late);
        System.out.printf(Locale.ROOT, "  steady playout: |interval between media messages - 20 ms| p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d intervals)%n",
                pct(jitter, 50) / 1000.0, pct(jitter, 99) / 1000.0, jitter.isEmpty() ? 0 : Collections.max(jitter) / 1000.0, jitter.size());
        System.out.printf(Locale.ROOT, "  audio queued at Twilio when a frame of a turn arrives: p50 %.1f ms, p1 %.1f ms, min %.1f ms; gaps (arrived after the queue ran dry) %d of %d%n",
                pct(cushion, 50) / 1000.0, pct(cushion, 1) / 1000.0, cushion.isEmpty() ? 0 : Collections.min(cushion) / 1000.0,
                cushion.stream().filter(c -> c < 0).count(), cushion.size());
        System.out.printf(Locale.ROOT, "  CPU %.1f%% of one core in total, %.2f%% per call%n",
                100.0 * cpuUsed / wall, 100.0 * cpuUsed / wall / count);
        System.out.printf(Locale.ROOT, "  heap live after GC +%d KiB per call (in use before GC +%d KiB per call); threads +%d%n",
                (heapLive - heapBefore) / 1024 / count, (heapDuring - heapBefore) / 1024 / count, threadsDuring - threadsBefore);
        System.out.printf(Locale.ROOT, "  sessions open after hang-up: %d%n", sessions.size());
        sessions.destroy();
    }

    private static String media(byte[] ulaw) {
        return "{\"event\":\"media\",\"sequenceNumber\":\"3\",\"streamSid\":\"MZbench\",\"media\":{\"track\":\"inbound\","
                + "\"chunk\":\"1\",\"timestamp\":\"20\",\"payload\":\"" + java.util.Base64.getEncoder().encodeToString(ulaw) + "\"}}";
    }

    /**
     * Encodes every agent frame as TwilioMediaTransport does and keeps its send time while measuring. Steady playout
     * jitter: within a turn (frames less than 100 ms apart), after its first 10 frames (the pacer's lead sends those
     * at once), how far each interval between consecutive frames is from 20 ms.
     */
    private static final class PhoneTransport implements CallTransport {
        private final MediaStreamCodec codec;
        private final List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());
        private final List<Long> cushionMicros = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean measuring;
        private long playheadEnd;

        PhoneTransport(MediaStreamCodec codec) {
            this.codec = codec;
        }

        void startMeasuring() {
            measuring = true;
        }

        void stopMeasuring() {
            measuring = false;
        }

        List<Long> cushionMicros() {
            return List.copyOf(cushionMicros);
        }

        long measuredFrames() {
            return sentAt.size();
        }

        List<Long> steadyJitterMicros() {
            List<Long> out = new ArrayList<>();
            List<Long> times = List.copyOf(sentAt);
            int inTurn = 0;
            for (int i = 1; i < times.size(); i++) {
                long gap = times.get(i) - times.get(i - 1);
                if (gap > TimeUnit.MILLISECONDS.toNanos(100)) {
                    inTurn = 0;
                    continue;
                }
                if (++inTurn > 10) {
                    out.add(Math.abs(gap - TimeUnit.MILLISECONDS.toNanos(20)) / 1000);
                }
            }
            return out;
        }

        @Override
        public void sendText(String json) {
        }

        @Override
        public void sendAudio(byte[] pcm16) {
            String message = "{\"event\":\"media\",\"streamSid\":\"MZbench\",\"media\":{\"payload\":\"" + codec.agentPayload(pcm16) + "\"}}";
            long now = System.nanoTime();
            if (measuring && message.length() > 0) {
                sentAt.add(now);
                // Twilio's player: how much audio was still queued when this frame of a turn arrived (< 0: a gap)
                if (playheadEnd > now - TimeUnit.MILLISECONDS.toNanos(100)) {
                    cushionMicros.add((playheadEnd - now) / 1000);
                }
            }
            playheadEnd = Math.max(playheadEnd, now) + TimeUnit.MILLISECONDS.toNanos(20);
        }

        @Override
        public void close(boolean normal, String reason) {
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // telephone-wer: Vosk on the test sentences at 16 kHz and through μ-law 8 kHz

    static void telephoneWer() throws Exception {
        Path scratch = Files.createTempDirectory("voice-bench");
        VoskSpeechRecognizer vosk = new VoskSpeechRecognizer(() -> VoskModels.bundledModelDirectory(
                Path.of(System.getProperty("user.home"), ".cache", "bvrai", "vosk")));
        vosk.preload();
        List<String> sentences = new ArrayList<>(QUESTIONS);
        sentences.addAll(List.of("stop please tell me the price", "i would like to book a table for two",
                "can you call me back tomorrow morning", "my order number is four five six"));
        List<String> wide = new ArrayList<>();
        List<String> phone = new ArrayList<>();
        for (String sentence : sentences) {
            byte[] pcm = espeak(sentence, scratch);
            wide.add(recognize(vosk, pcm));
            MediaStreamCodec codec = new MediaStreamCodec();
            byte[] ulaw = MediaStreamCodec.toTelephone(Pcm16.toShorts(pcm));
            java.io.ByteArrayOutputStream back = new java.io.ByteArrayOutputStream();
            for (int at = 0; at < ulaw.length; at += MediaStreamCodec.FRAME_BYTES) {
                byte[] frame = java.util.Arrays.copyOfRange(ulaw, at, Math.min(ulaw.length, at + MediaStreamCodec.FRAME_BYTES));
                back.writeBytes(codec.callerAudio(java.util.Base64.getEncoder().encodeToString(frame)));
            }
            phone.add(recognize(vosk, back.toByteArray()));
            System.out.printf(Locale.ROOT, "  %-40s | 16 kHz: %-40s | phone: %s%n", sentence, wide.getLast(), phone.getLast());
        }
        System.out.printf(Locale.ROOT, "telephone-wer sentences=%d (espeak-ng en-us 150 wpm, Vosk en-us 0.3.45)%n", sentences.size());
        System.out.printf(Locale.ROOT, "  word error rate 16 kHz PCM16: %.3f%n", pooledWer(sentences, wide));
        System.out.printf(Locale.ROOT, "  word error rate μ-law 8 kHz → 16 kHz (the Media Streams path): %.3f%n", pooledWer(sentences, phone));
    }

    private static String recognize(VoskSpeechRecognizer vosk, byte[] pcm) {
        try (var session = vosk.open(new SttSettings("vosk", "en-us"), "en-US")) {
            byte[] padded = java.util.Arrays.copyOf(pcm, pcm.length + 16_000);   // half a second of silence after
            for (int at = 0; at + Pcm.FRAME_BYTES <= padded.length; at += Pcm.FRAME_BYTES) {
                session.accept(padded, at, Pcm.FRAME_BYTES);
            }
            return session.finishUtterance();
        }
    }

    /** Word-level Levenshtein distance over all sentences divided by the reference words. */
    private static double pooledWer(List<String> references, List<String> hypotheses) {
        int errors = 0;
        int words = 0;
        for (int i = 0; i < references.size(); i++) {
            String[] ref = references.get(i).toLowerCase(Locale.ROOT).split("\\s+");
            String[] hyp = hypotheses.get(i).isBlank() ? new String[0] : hypotheses.get(i).toLowerCase(Locale.ROOT).split("\\s+");
            int[][] d = new int[ref.length + 1][hyp.length + 1];
            for (int r = 0; r <= ref.length; r++) {
                d[r][0] = r;
            }
            for (int h = 0; h <= hyp.length; h++) {
                d[0][h] = h;
            }
            for (int r = 1; r <= ref.length; r++) {
                for (int h = 1; h <= hyp.length; h++) {
                    d[r][h] = Math.min(Math.min(d[r - 1][h] + 1, d[r][h - 1] + 1), d[r - 1][h - 1] + (ref[r - 1].equals(hyp[h - 1]) ? 0 : 1));
                }
            }
            errors += d[ref.length][hyp.length];
            words += ref.length;
        }
        return (double) errors / words;
    }

    // ---------------------------------------------------------------------------------------------------------

    static VoiceSessions sessions(Path scratch) {
        VoiceRuntimeProperties defaults = VoiceRuntimeProperties.defaults();
        VoiceRuntimeProperties settings = new VoiceRuntimeProperties("bench", defaults.vadThreshold(),
                defaults.endOfTurnSilence(), defaults.interruptionMinSpeech(), defaults.interruptionForceSpeech(),
                defaults.maxPlayoutLead(), defaults.engineTimeout(), defaults.maxConsecutiveFailures(),
                defaults.fallbackMessage(), defaults.goodbyeMessage(), scratch, defaults.contextTokens());
        return new VoiceSessions(null, null, new DiscardingRecordings(), settings);
    }

    static AgentConfiguration agent(String stt, String tts, String llm) {
        return new AgentConfiguration("Bench", "You answer questions for Acme.", "Hello, thank you for calling.", "en-US",
                new VoiceSettings(tts, "kevin16"), new SttSettings(stt, "en-us"), new LlmSettings(llm, "m", 0.2, 200),
                600, 3600, 600, List.of("goodbye"), KNOWLEDGE, Map.of());
    }

    static CallContext call(String id, AgentConfiguration agent) {
        return new CallContext(id, "org-bench", "agent-bench", 1, agent, Map.of());
    }

    static void awaitAgentTurns(Commands commands, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (commands.agentTurns().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no agent turn " + count + " within " + timeout);
            }
            // a driver without test libraries: bounded poll (deadline above), 5 ms resolution
            Thread.sleep(5);
        }
    }

    static long pct(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Drops espeak-ng's trailing silence so "end of speech" is the last spoken sample. */
    private static byte[] trim(byte[] pcm) {
        int end = pcm.length - 2;
        while (end > 0 && Math.abs((short) ((pcm[end] & 0xff) | (pcm[end + 1] << 8))) < 300) {
            end -= 2;
        }
        int length = Math.min(pcm.length, end + 2);
        return java.util.Arrays.copyOf(pcm, length - length % Pcm.FRAME_BYTES + Pcm.FRAME_BYTES);
    }

    private static byte[] espeak(String text, Path dir) throws IOException, InterruptedException {
        Path wav = dir.resolve("q" + Math.abs(text.hashCode()) + ".wav");
        Path raw = dir.resolve("q" + Math.abs(text.hashCode()) + ".raw");
        exec("espeak-ng", "-v", "en-us", "-s", "150", "-w", wav.toString(), text);
        exec("sox", wav.toString(), "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-L", "-t", "raw", raw.toString());
        return Files.readAllBytes(raw);
    }

    private static void exec(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    /** A caller in real time: silence, or the queued speech. */
    static final class Caller {
        private final java.util.concurrent.LinkedBlockingQueue<byte[]> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long lastSpeechFrameSentNanos;
        private volatile CompletableFuture<Long> spoken = new CompletableFuture<>();

        Caller(VoiceSession session) {
            thread = Thread.ofPlatform().name("bench-caller").daemon().start(() -> {
                long next = System.nanoTime();
                while (running) {
                    byte[] frame = queue.poll();
                    session.acceptAudio(frame != null ? frame : new byte[Pcm.FRAME_BYTES]);
                    if (frame != null) {
                        lastSpeechFrameSentNanos = System.nanoTime();
                        if (queue.isEmpty()) {
                            spoken.complete(lastSpeechFrameSentNanos);
                        }
                    }
                    next += TimeUnit.MILLISECONDS.toNanos(Pcm.FRAME_MS);
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            });
        }

        /** Speaks the audio; answers when its last frame was sent (the end of the caller's speech). */
        long say(byte[] pcm) throws Exception {
            spoken = new CompletableFuture<>();
            for (int at = 0; at + Pcm.FRAME_BYTES <= pcm.length; at += Pcm.FRAME_BYTES) {
                queue.add(java.util.Arrays.copyOfRange(pcm, at, at + Pcm.FRAME_BYTES));
            }
            return spoken.get(60, TimeUnit.SECONDS);
        }

        void silence(Duration duration) throws InterruptedException {
            // the caller stays silent in real time: the runtime measures audio time
            Thread.sleep(duration.toMillis());
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    /** Records agent turns and provider errors; every command succeeds at once. */
    static final class Commands implements ai.bvrai.voice.session.CallCommands {
        private final List<RecordAgentTurnCommand> agentTurns = new CopyOnWriteArrayList<>();
        private final List<RecordProviderErrorCommand> providerErrors = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Object> send(Object command) {
            if (command instanceof RecordAgentTurnCommand turn) {
                agentTurns.add(turn);
            } else if (command instanceof RecordProviderErrorCommand error) {
                providerErrors.add(error);
            }
            return CompletableFuture.completedFuture(1L);
        }

        List<RecordAgentTurnCommand> agentTurns() {
            return agentTurns;
        }

        List<RecordProviderErrorCommand> providerErrors() {
            return providerErrors;
        }
    }

    /** Counts frames and keeps the send time of each. */
    static final class Transport implements CallTransport {
        final AtomicLong frames = new AtomicLong();
        private final List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sendText(String json) {
        }

        @Override
        public void sendAudio(byte[] pcm16) {
            frames.incrementAndGet();
            if (sentAt.size() < 200_000) {
                sentAt.add(System.nanoTime());
            }
        }

        @Override
        public void close(boolean normal, String reason) {
        }

        long firstFrameAfter(long index) {
            return sentAt.get((int) index);
        }
    }

    private static final class DiscardingRecordings implements RecordingStore {
        @Override
        public String store(String organizationId, String callId, String extension, java.io.InputStream content) throws IOException {
            content.transferTo(java.io.OutputStream.nullOutputStream());
            return callId;
        }

        @Override
        public java.util.Optional<StoredRecording> open(String location) {
            return java.util.Optional.empty();
        }
    }

    /** Wraps the offline engines to time the engine part of each stage. */
    private static final class Timed {
        final SpeechRecognizer recognizer;
        final SpeechSynthesizer synthesizer;
        final ChatModel responder;
        volatile long lastSttFinishMs;
        volatile long lastResponderFirstSentenceMs;
        volatile long lastTtsFirstAudioMs;
        private volatile boolean firstSentenceOfTurn;

        Timed(SpeechRecognizer stt, SpeechSynthesizer tts, ChatModel llm) {
            recognizer = new SpeechRecognizer() {
                @Override
                public String provider() {
                    return stt.provider();
                }

                @Override
                public RecognitionSession open(SttSettings settings, String language) {
                    RecognitionSession inner = stt.open(settings, language);
                    return new RecognitionSession() {
                        @Override
                        public String accept(byte[] pcm16, int offset, int length) {
                            return inner.accept(pcm16, offset, length);
                        }

                        @Override
                        public String finishUtterance() {
                            long start = System.nanoTime();
                            String text = inner.finishUtterance();
                            lastSttFinishMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                            return text;
                        }

                        @Override
                        public void close() {
                            inner.close();
                        }
                    };
                }
            };
            responder = new ChatModel() {
                @Override
                public ChatResponse call(Prompt prompt) {
                    return llm.call(prompt);
                }

                @Override
                public Flux<ChatResponse> stream(Prompt prompt) {
                    return Flux.defer(() -> {
                        long start = System.nanoTime();
                        SentenceChunker chunker = new SentenceChunker();
                        boolean[] seen = {false};
                        firstSentenceOfTurn = true;
                        return llm.stream(prompt).doOnNext(response -> {
                            String text = response.getResult().getOutput().getText();
                            if (!seen[0] && !chunker.accept(text == null ? "" : text).isEmpty()) {
                                seen[0] = true;
                                lastResponderFirstSentenceMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                            }
                        }).doOnComplete(() -> {
                            if (!seen[0]) {
                                lastResponderFirstSentenceMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                            }
                        });
                    });
                }
            };
            synthesizer = new SpeechSynthesizer() {
                @Override
                public String provider() {
                    return tts.provider();
                }

                @Override
                public void synthesize(String text, VoiceSettings voice, AudioSink sink, Cancellation cancel) {
                    long start = System.nanoTime();
                    boolean measure = firstSentenceOfTurn;
                    firstSentenceOfTurn = false;
                    boolean[] first = {true};
                    tts.synthesize(text, voice, (pcm, offset, length) -> {
                        if (first[0] && measure) {
                            lastTtsFirstAudioMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                        }
                        first[0] = false;
                        sink.accept(pcm, offset, length);
                    }, cancel);
                }
            };
        }
    }

    /** Fixed-latency engines for the concurrency run. */
    static final class Fakes {
        static final byte[] SPEECH_FRAME = new byte[Pcm.FRAME_BYTES];
        static final byte[] SILENT_FRAME = new byte[Pcm.FRAME_BYTES];
        /** Voiced exactly on {@link #SPEECH_FRAME}s. */
        static final VoiceActivityDetectorFactory VAD = () -> frame -> Math.abs(frame[0]) > 1000 ? 1f : 0f;

        static {
            for (int i = 0; i < Pcm.FRAME_SAMPLES; i++) {
                short s = (short) (i % 2 == 0 ? 3000 : -3000);
                SPEECH_FRAME[2 * i] = (byte) (s & 0xff);
                SPEECH_FRAME[2 * i + 1] = (byte) (s >> 8);
            }
        }

        static SessionEngines engines() {
            SpeechRecognizer stt = new SpeechRecognizer() {
                @Override
                public String provider() {
                    return "fake";
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
                            sleep(50);
                            return "what are your opening hours";
                        }

                        @Override
                        public void close() {
                        }
                    };
                }
            };
            ChatModel llm = new ChatModel() {
                @Override
                public ChatResponse call(Prompt prompt) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Flux<ChatResponse> stream(Prompt prompt) {
                    return Flux.just("We are open ", "from nine ", "to five. ", "Anything else?")
                            .delaySubscription(Duration.ofMillis(150))
                            .map(t -> new ChatResponse(List.of(new Generation(new AssistantMessage(t)))));
                }
            };
            SpeechSynthesizer tts = new SpeechSynthesizer() {
                @Override
                public String provider() {
                    return "fake";
                }

                @Override
                public void synthesize(String text, VoiceSettings voice, AudioSink sink, Cancellation cancel) {
                    sleep(100);
                    int ms = text.split("\\s+").length * 250;
                    byte[] chunk = new byte[100 * Pcm.BYTES_PER_MS];
                    java.util.Arrays.fill(chunk, (byte) 10);
                    for (int sent = 0; sent < ms && !cancel.isCancelled(); sent += 100) {
                        sink.accept(chunk, 0, chunk.length);
                    }
                }
            };
            return new SessionEngines(stt, tts, VAD, llm);
        }

        private static void sleep(long ms) {
            try {
                // a fixed-latency fake engine: the latency is the point
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
