package ai.bvrai.voice.session;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tokenizer.JTokkitTokenCountEstimator;
import org.springframework.ai.tokenizer.TokenCountEstimator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.bvrai.api.call.ConnectCallCommand;
import ai.bvrai.api.call.PipelineStage;
import ai.bvrai.api.call.RecordProviderErrorCommand;
import ai.bvrai.api.call.RecordToolInvocationCommand;
import ai.bvrai.api.call.TransferCallCommand;
import ai.bvrai.api.call.EndCallCommand;
import ai.bvrai.api.call.EndReason;
import ai.bvrai.api.call.RecordAgentTurnCommand;
import ai.bvrai.api.call.RecordUserTurnCommand;
import ai.bvrai.api.call.StoreCallRecordingCommand;
import ai.bvrai.api.call.TurnLatency;
import ai.bvrai.infra.recording.RecordingStore;
import ai.bvrai.voice.engine.Cancellation;
import ai.bvrai.voice.engine.RecognitionSession;
import ai.bvrai.voice.engine.SpeechEngineException;
import ai.bvrai.voice.engine.VoiceActivityDetector;
import ai.bvrai.voice.pipeline.AgentPlayout;
import ai.bvrai.voice.pipeline.ConversationWindow;
import ai.bvrai.voice.pipeline.InterruptionPolicy;
import ai.bvrai.voice.pipeline.Pcm;
import ai.bvrai.voice.pipeline.PromptRenderer;
import ai.bvrai.voice.responder.SentenceChunker;
import ai.bvrai.voice.pipeline.StereoRecording;
import ai.bvrai.voice.pipeline.TurnDetector;
import ai.bvrai.voice.responder.OfflinePrompts;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * One live call on this node: caller audio in, agent audio out, and the call's record through commands.
 * <p>
 * <b>Threads.</b> The transport's I/O thread only copies caller audio into a bounded queue. One platform thread
 * per session ({@code voice-in-…}) runs voice activity detection, speech recognition (not thread-safe, native)
 * and turn-taking; one more ({@code voice-agent-…}) produces agent turns: responder stream → sentences → speech
 * synthesis, so a slow engine never holds the caller's audio. Agent audio leaves from the node's shared pacer
 * (a scheduled pool) every 20 ms. Platform threads, not virtual ones: the engines are CPU-bound native code that
 * would pin the few carrier threads. All shared state is guarded by {@link #lock}; sends happen under it so a
 * {@code flush} and audio frames keep their order.
 * <p>
 * <b>Turn numbers</b> come from one sequence, so they increase per speaker as the call record requires.
 */
public final class VoiceSession implements CallEvents {

    /** Why the session stops. */
    enum Origin {
        /** this node decided (caller hung up, end-call phrase, error): the session records the end */
        LOCAL,
        /** the call ended elsewhere (API, deadline on another node): only the local side is released */
        REMOTE,
        /** the call record refused this connection: nothing is recorded */
        REFUSED
    }

    private enum Kind { FIRST_MESSAGE, REPLY, FALLBACK, GOODBYE }

    /** What a tool asked to happen once the reply in progress has been played. */
    private sealed interface PendingAction permits EndAfterReply, TransferAfterReply { }

    private record EndAfterReply() implements PendingAction { }

    private record TransferAfterReply(String number) implements PendingAction { }

    private static final Logger log = LoggerFactory.getLogger(VoiceSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] STOP = new byte[0];
    private static final TokenCountEstimator TOKENS = new JTokkitTokenCountEstimator();
    /** Commands run their handlers (database writes) here, never on an audio thread. */
    private static final ExecutorService COMMANDS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("voice-command-", 0).factory());

    private final CallContext call;
    private final CallTransport transport;
    private final SessionEngines engines;
    private final CallCommands commands;
    private final RecordingStore recordings;
    private final VoiceRuntimeProperties settings;
    private final ScheduledExecutorService pacer;
    private final Consumer<VoiceSession> onClosed;

    private final ReentrantLock lock = new ReentrantLock();
    private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(500);
    private final Thread inboundThread;
    private final ExecutorService agentWorker;
    private final AgentPlayout playout;
    private final StereoRecording recording;
    private final TurnDetector turns;
    private final InterruptionPolicy interruptions;
    private final List<Message> history = new ArrayList<>();
    private final AtomicInteger turnSequence = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicLong droppedInbound = new AtomicLong();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final long connectedNanos = System.nanoTime();
    private final ConversationWindow window = new ConversationWindow(TOKENS);
    /** Records the engines made before the connect was sent; they follow it (guarded by {@code this}). */
    private final List<Object> beforeConnect = new ArrayList<>();
    private boolean connectSent;
    private volatile PendingAction pendingAction;

    private CompletableFuture<Object> commandChain = CompletableFuture.completedFuture(null);
    private volatile ScheduledFuture<?> pacing;
    private AgentTurn current;                // guarded by lock
    private long lateFramesReported;
    private long marksPlaced;                 // guarded by lock

    // inbound thread only
    private RecognitionSession recognition;
    private VoiceActivityDetector vad;
    private byte[] remainder = new byte[0];
    private String lastPartial = "";
    private long callerTurnStartMs;

    /** @param engines chooses the call's engines, which report to this session (see {@link CallEvents}) */
    VoiceSession(CallContext call, CallTransport transport, EngineSelector engines, CallCommands commands,
                 RecordingStore recordings, VoiceRuntimeProperties settings, ScheduledExecutorService pacer,
                 Consumer<VoiceSession> onClosed) {
        this.call = call;
        this.transport = transport;
        this.commands = commands;
        this.recordings = recordings;
        this.settings = settings;
        this.pacer = pacer;
        this.onClosed = onClosed;
        this.playout = new AgentPlayout(settings.maxPlayoutLead().toMillis());
        Integer agentEndOfTurn = call.configuration().endOfTurnSilenceMs();
        this.turns = new TurnDetector(settings.vadThreshold(),
                agentEndOfTurn != null ? agentEndOfTurn : (int) settings.endOfTurnSilence().toMillis());
        this.interruptions = new InterruptionPolicy((int) settings.interruptionMinSpeech().toMillis(),
                (int) settings.interruptionForceSpeech().toMillis());
        this.recording = new StereoRecording(settings.recordingDirectory());
        String name = call.callId().length() > 8 ? call.callId().substring(0, 8) : call.callId();
        this.inboundThread = Thread.ofPlatform().name("voice-in-" + name).daemon().unstarted(this::inboundLoop);
        this.agentWorker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("voice-agent-" + name).daemon().factory());
        this.engines = engines.select(call, this);
    }

    public String callId() {
        return call.callId();
    }

    public CallContext call() {
        return call;
    }

    /** Completes when every thread, handle and file of the session is released. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** Frames the pacer sent after the caller's player had already run dry although they were ready in time. */
    public long lateFrames() {
        lock.lock();
        try {
            return playout.lateFrames();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // life cycle

    /** Opens the engines, starts the threads, records the connect and speaks the first message. */
    void start() {
        try {
            recognition = engines.recognizer().open(call.configuration().stt(), call.configuration().language());
            vad = engines.voiceActivity().create();
        } catch (RuntimeException e) {
            log.warn("Call {}: cannot open the speech engines", call.callId(), e);
            send(control("error", "message", "The speech engines are not available."));
            end(EndReason.ERROR, "speech engines unavailable", Origin.LOCAL);
            return;
        }
        inboundThread.start();
        pacing = pacer.scheduleAtFixedRate(this::tick, 0, Pcm.FRAME_MS, TimeUnit.MILLISECONDS);
        send(control("started", "callId", call.callId()));
        connect().whenComplete((ok, failure) -> {
            if (failure != null) {
                log.info("Call {}: the call record refused the connection: {}", call.callId(), failure.getMessage());
                send(control("error", "message", "This call cannot be connected (it has ended or is connected elsewhere)."));
                end(EndReason.ERROR, "connect refused", Origin.REFUSED);
                return;
            }
            String first = PromptRenderer.render(call.configuration().firstMessage(), call.variablesAt(Instant.now())).trim();
            if (!first.isEmpty()) {
                startAgentTurn(Kind.FIRST_MESSAGE, first, System.nanoTime(), null, null);
            }
        });
    }

    /** Sends the connect, then what the engines reported before it; later reports follow in order. */
    private CompletableFuture<Object> connect() {
        synchronized (this) {
            CompletableFuture<Object> connected = dispatch(new ConnectCallCommand(call.callId(), settings.nodeId()));
            beforeConnect.forEach(this::dispatch);
            beforeConnect.clear();
            connectSent = true;
            return connected;
        }
    }

    /** A record of the call that may only follow its connect. */
    private void dispatchAfterConnect(Object command) {
        synchronized (this) {
            if (connectSent) {
                dispatch(command);
            } else {
                beforeConnect.add(command);
            }
        }
    }

    @Override
    public void providerFailed(PipelineStage stage, String provider, String errorClass, String message, long latencyMs,
                               String fallback) {
        log.warn("Call {}: {} provider {} failed ({}, {} ms): {}; {} serves instead", call.callId(), stage, provider,
                errorClass, latencyMs, message, fallback);
        dispatchAfterConnect(new RecordProviderErrorCommand(call.callId(), stage, provider, errorClass, message,
                Math.max(0, latencyMs), fallback));
    }

    @Override
    public void toolInvoked(String toolName, String arguments, String result, String error, long durationMs) {
        log.info("Call {}: tool {} {} in {} ms", call.callId(), toolName, error == null ? "answered" : "failed: " + error,
                durationMs);
        dispatchAfterConnect(new RecordToolInvocationCommand(call.callId(), toolName, arguments, result, error,
                Math.max(0, durationMs)));
    }

    @Override
    public void endRequested() {
        pendingAction = new EndAfterReply();
    }

    @Override
    public void transferRequested(String number) {
        pendingAction = new TransferAfterReply(number);
    }

    /** Caller audio from the transport's I/O thread: copied into the queue, never processed here. */
    public void acceptAudio(byte[] pcm16) {
        if (ended.get() || pcm16.length == 0) {
            return;
        }
        if (!inbound.offer(pcm16)) {
            if (droppedInbound.getAndIncrement() % 100 == 0) {
                log.warn("Call {}: caller audio dropped, the session cannot keep up", call.callId());
            }
        }
    }

    /** A control message from the caller. */
    public void acceptControl(String json) {
        try {
            String type = JSON.readTree(json).path("type").asText("");
            if ("hangup".equals(type)) {
                end(EndReason.CALLER_HUNG_UP, null, Origin.LOCAL);
            }
            // "played" acknowledgements and unknown types are ignored: heard audio is computed from what was sent
        } catch (JsonProcessingException e) {
            send(control("error", "message", "Control messages are JSON objects with a type."));
        }
    }

    /** The caller's connection closed. */
    public void transportClosed() {
        end(EndReason.CALLER_HUNG_UP, null, Origin.LOCAL);
    }

    /** The call ended elsewhere (API, deadline): tell the caller, close and release. */
    public void endedElsewhere(EndReason reason) {
        end(reason, null, Origin.REMOTE);
    }

    void end(EndReason reason, String detail, Origin origin) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        log.info("Call {}: session ends ({}, {})", call.callId(), reason, origin);
        ScheduledFuture<?> ticking = pacing;
        if (ticking != null) {
            ticking.cancel(false);
        }
        AgentTurn cut;
        AgentPlayout.Heard heard = null;
        lock.lock();
        try {
            cut = current;
            current = null;
            if (cut != null) {
                cut.cancelWork();
                long now = System.nanoTime();
                heard = playout.stop(now);
                recording.agentStoppedAt(sinceConnect(now));
            }
        } finally {
            lock.unlock();
        }
        if (origin != Origin.REFUSED) {
            if (cut != null && heard.anyAudioSent()) {
                recordAgentTurn(cut, heard.text(), true);
            }
            if (origin == Origin.LOCAL) {
                dispatch(new EndCallCommand(call.callId(), reason, detail));
            }
        }
        lock.lock();
        try {
            transport.sendText(control("ended", "reason", reason.name()));
            transport.close(reason != EndReason.ERROR, reason.name());
        } catch (RuntimeException e) {
            log.debug("Call {}: transport already closed", call.callId(), e);
        } finally {
            lock.unlock();
        }
        inbound.clear();
        inbound.offer(STOP);
        agentWorker.shutdownNow();
        Thread.ofVirtual().name("voice-close-" + call.callId()).start(() -> release(origin));
    }

    /** Waits for the threads, closes the engines, stores the recording. */
    private void release(Origin origin) {
        try {
            if (inboundThread.isAlive()) {
                inboundThread.join(TimeUnit.SECONDS.toMillis(5));
            } else if (inboundThread.getState() == Thread.State.NEW) {
                closeRecognition();
            }
            agentWorker.awaitTermination(5, TimeUnit.SECONDS);
            if (origin != Origin.REFUSED && recording.durationMs() > 0) {
                storeRecording();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Call {}: the recording could not be stored", call.callId(), e);
        } finally {
            try {
                recording.close();
            } catch (RuntimeException e) {
                log.warn("Call {}: recording scratch files not removed", call.callId(), e);
            }
            onClosed.accept(this);
            CompletableFuture<Object> lastCommand;
            synchronized (this) {
                lastCommand = commandChain;
            }
            lastCommand.whenComplete((ok, failure) -> closed.complete(null));
        }
    }

    private void storeRecording() throws Exception {
        Path wav = Files.createTempFile(settings.recordingDirectory(), "call-", ".wav");
        try {
            long bytes;
            try (OutputStream out = Files.newOutputStream(wav)) {
                bytes = recording.writeWav(out);
            }
            long durationMs = recording.durationMs();
            String location;
            try (InputStream in = Files.newInputStream(wav)) {
                location = recordings.store(call.organizationId(), call.callId(), "wav", in);
            }
            dispatch(new StoreCallRecordingCommand(call.callId(), location, "audio/wav", durationMs, bytes));
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // caller side (inbound thread)

    private void inboundLoop() {
        try {
            while (true) {
                byte[] chunk = inbound.take();
                if (chunk == STOP || ended.get()) {
                    return;
                }
                long arrivedMs = sinceConnect(System.nanoTime());
                byte[] all = concat(remainder, chunk);
                int at = 0;
                while (all.length - at >= Pcm.FRAME_BYTES && !ended.get()) {
                    processFrame(all, at, arrivedMs);
                    at += Pcm.FRAME_BYTES;
                }
                remainder = java.util.Arrays.copyOfRange(all, at, all.length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Call {}: the caller audio loop failed", call.callId(), e);
            end(EndReason.ERROR, "voice runtime failure", Origin.LOCAL);
        } finally {
            closeRecognition();
        }
    }

    private void closeRecognition() {
        RecognitionSession open = recognition;
        recognition = null;
        if (open != null) {
            try {
                open.close();
            } catch (RuntimeException e) {
                log.warn("Call {}: the recognizer did not close cleanly", call.callId(), e);
            }
        }
    }

    private void processFrame(byte[] audio, int offset, long arrivedMs) {
        recording.caller(audio, offset, Pcm.FRAME_BYTES, arrivedMs);
        float speech = vad.speechProbability(Pcm.samples(audio, offset, Pcm.FRAME_BYTES));
        String partial;
        try {
            partial = recognition.accept(audio, offset, Pcm.FRAME_BYTES);
        } catch (RuntimeException e) {
            recognitionFailed(e);
            return;
        }
        TurnDetector.Event event = turns.accept(speech, Pcm.FRAME_MS);
        if (event == TurnDetector.Event.SPEECH_STARTED) {
            callerTurnStartMs = Math.max(0, arrivedMs - Pcm.FRAME_MS);
        }
        if (turns.inTurn()) {
            if (partial != null && !partial.isBlank() && !partial.equals(lastPartial)) {
                lastPartial = partial;
                send(transcript(false, partial));
            }
            if (agentBusy() && interruptions.interrupts(turns.voicedMs(), partial)) {
                bargeIn();
            }
        }
        if (event == TurnDetector.Event.END_OF_TURN) {
            endOfTurn(System.nanoTime(), arrivedMs);
        }
    }

    private void endOfTurn(long detectedNanos, long detectedMs) {
        long silenceMs = turns.audioMs() - turns.lastVoicedMs();
        String text;
        try {
            text = recognition.finishUtterance();
        } catch (RuntimeException e) {
            recognitionFailed(e);
            return;
        }
        Long sttFinalMs = elapsedMs(detectedNanos);
        lastPartial = "";
        text = text == null ? "" : text.trim();
        if (agentBusy()) {
            if (InterruptionPolicy.isBackchannelOnly(text)) {
                log.debug("Call {}: backchannel '{}' while the agent speaks", call.callId(), text);
                return;
            }
            bargeIn(); // a short but real interjection ("no"), judged on its final text
        }
        if (text.isEmpty()) {
            return;
        }
        send(transcript(true, text));
        long endedAtMs = Math.max(callerTurnStartMs, detectedMs - silenceMs);
        dispatch(new RecordUserTurnCommand(call.callId(), turnSequence.getAndIncrement(), text, callerTurnStartMs, endedAtMs));
        lock.lock();
        try {
            history.add(new UserMessage(text));
        } finally {
            lock.unlock();
        }
        if (isEndCallPhrase(text)) {
            startAgentTurn(Kind.GOODBYE, settings.goodbyeMessage(), detectedNanos, silenceMs, sttFinalMs);
        } else {
            startAgentTurn(Kind.REPLY, null, detectedNanos, silenceMs, sttFinalMs);
        }
    }

    private void recognitionFailed(RuntimeException e) {
        log.warn("Call {}: speech recognition failed", call.callId(), e);
        closeRecognition();
        lastPartial = "";
        if (failedAgain()) {
            return;
        }
        try {
            recognition = engines.recognizer().open(call.configuration().stt(), call.configuration().language());
        } catch (RuntimeException again) {
            end(EndReason.ERROR, "speech recognition failed", Origin.LOCAL);
            return;
        }
        if (!agentBusy()) {
            startAgentTurn(Kind.FALLBACK, settings.fallbackMessage(), System.nanoTime(), null, null);
        }
    }

    /** Counts a failure; true when the call was ended because they keep coming. */
    private boolean failedAgain() {
        if (consecutiveFailures.incrementAndGet() > settings.maxConsecutiveFailures()) {
            send(control("error", "message", "The call cannot go on because of a technical problem."));
            end(EndReason.ERROR, "engines keep failing", Origin.LOCAL);
            return true;
        }
        return false;
    }

    boolean isEndCallPhrase(String text) {
        String said = " " + normalise(text) + " ";
        for (String phrase : call.configuration().endCallPhrases()) {
            String wanted = normalise(phrase);
            if (!wanted.isEmpty() && said.contains(" " + wanted + " ")) {
                return true;
            }
        }
        return false;
    }

    private static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]", " ").replaceAll("\\s+", " ").trim();
    }

    // ---------------------------------------------------------------------------------------------------------
    // agent side (agent worker + pacer)

    private boolean agentBusy() {
        lock.lock();
        try {
            return current != null;
        } finally {
            lock.unlock();
        }
    }

    private void startAgentTurn(Kind kind, String fixedText, long referenceNanos, Long silenceMs, Long sttFinalMs) {
        AgentTurn turn = new AgentTurn(kind, referenceNanos, silenceMs, sttFinalMs);
        lock.lock();
        try {
            if (ended.get()) {
                return;
            }
            if (current != null) {
                current.cancelWork(); // cannot happen by construction; never two producers
            }
            current = turn;
            try {
                agentWorker.execute(() -> produce(turn, fixedText));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                current = null; // ending
            }
        } finally {
            lock.unlock();
        }
    }

    private void produce(AgentTurn turn, String fixedText) {
        try {
            if (fixedText != null) {
                SentenceChunker chunker = new SentenceChunker();
                List<String> sentences = new ArrayList<>(chunker.accept(fixedText + " "));
                String rest = chunker.flush();
                if (!rest.isEmpty()) {
                    sentences.add(rest);
                }
                for (String sentence : sentences) {
                    speak(turn, sentence);
                }
            } else {
                reply(turn);
            }
            lock.lock();
            try {
                if (current == turn) {
                    turn.productionDone = true;
                }
            } finally {
                lock.unlock();
            }
            if (turn.kind == Kind.REPLY && !turn.cancellation.isCancelled()) {
                consecutiveFailures.set(0);
            }
        } catch (RuntimeException e) {
            if (!turn.cancellation.isCancelled() || turn.timedOut) {
                agentTurnFailed(turn, e);
            }
        }
    }

    private void reply(AgentTurn turn) {
        pendingAction = null;
        Prompt prompt = prompt();
        BlockingQueue<Object> sentences = new LinkedBlockingQueue<>();
        SentenceChunker chunker = new SentenceChunker();
        Object done = new Object();
        turn.responder = engines.responder().stream(prompt)
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(response -> chunker.accept(textOf(response)).forEach(sentences::add),
                        failure -> sentences.add(failure),
                        () -> {
                            String rest = chunker.flush();
                            if (!rest.isEmpty()) {
                                sentences.add(rest);
                            }
                            sentences.add(done);
                        });
        if (turn.cancellation.isCancelled()) {
            turn.responder.dispose();
        }
        while (true) {
            Object next;
            try {
                next = sentences.poll(settings.engineTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SpeechEngineException("interrupted");
            }
            if (turn.cancellation.isCancelled()) {
                return;
            }
            if (next == null) {
                turn.timedOut = true;
                throw new SpeechEngineException("the responder did not answer within " + settings.engineTimeout());
            }
            if (next == done) {
                return;
            }
            if (next instanceof Throwable failure) {
                throw new SpeechEngineException("the responder failed", failure);
            }
            if (turn.firstReplyTextMs == null) {
                turn.firstReplyTextMs = elapsedMs(turn.referenceNanos);
            }
            speak(turn, (String) next);
        }
    }

    private static String textOf(ChatResponse response) {
        if (response == null || response.getResult() == null || response.getResult().getOutput() == null) {
            return "";
        }
        String text = response.getResult().getOutput().getText();
        return text == null ? "" : text;
    }

    /**
     * The system message and as much of the conversation as fits the agent's context budget minus its answer's
     * maximum (oldest turns out first; see {@link ConversationWindow}).
     */
    private Prompt prompt() {
        List<Message> turns;
        lock.lock();
        try {
            turns = List.copyOf(history);
        } finally {
            lock.unlock();
        }
        Integer own = call.configuration().llm().contextTokens();
        int budget = Math.max(256, (own != null ? own : settings.contextTokens()) - call.configuration().llm().maxTokens());
        return new Prompt(window.fit(systemPrompt(), turns, budget));
    }

    /**
     * The rendered system prompt (built-in variables such as the current time included) with the agent's knowledge,
     * in the convention the offline responder reads.
     */
    String systemPrompt() {
        return OfflinePrompts.system(call.configuration(),
                PromptRenderer.render(call.configuration().systemPrompt(), call.variablesAt(Instant.now())));
    }

    private void speak(AgentTurn turn, String sentence) {
        int segment;
        lock.lock();
        try {
            if (current != turn || turn.cancellation.isCancelled()) {
                return;
            }
            segment = turn.nextSegment++;
            playout.beginSegment(segment, sentence);
            turn.sentences.put(segment, sentence);
            if (turn.firstReplyTextMs == null) {
                turn.firstReplyTextMs = elapsedMs(turn.referenceNanos);
            }
        } finally {
            lock.unlock();
        }
        ScheduledFuture<?> watchdog = pacer.schedule(() -> {
            turn.timedOut = true;
            turn.cancellation.cancel();
        }, settings.engineTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            engines.synthesizer().synthesize(sentence, call.configuration().voice(), (pcm, offset, length) -> {
                long now = System.nanoTime();
                lock.lock();
                try {
                    if (current != turn || turn.cancellation.isCancelled()) {
                        return;
                    }
                    boolean idle = playout.drained(now);
                    if (turn.firstAudioSynthesizedMs == null) {
                        turn.firstAudioSynthesizedMs = elapsedMs(turn.referenceNanos);
                    }
                    playout.append(segment, pcm, offset, length, now);
                    if (idle) {
                        pacer.execute(this::tick); // the first audio after a pause leaves now, not at the next tick
                    }
                } finally {
                    lock.unlock();
                }
            }, turn.cancellation);
        } finally {
            watchdog.cancel(false);
        }
        if (turn.timedOut) {
            throw new SpeechEngineException("speech synthesis did not finish within " + settings.engineTimeout());
        }
        lock.lock();
        try {
            if (current == turn) {
                playout.completeSegment(segment, System.nanoTime());
            }
        } finally {
            lock.unlock();
        }
    }

    private void agentTurnFailed(AgentTurn turn, RuntimeException e) {
        log.warn("Call {}: agent turn failed ({}): {}", call.callId(), turn.kind, e.toString());
        AgentPlayout.Heard heard = stopAgentTurn(turn);
        if (heard == null) {
            return;
        }
        pendingAction = null;
        if (heard.anyAudioSent()) {
            recordAgentTurn(turn, heard.text(), false);
            remember(heard.text());
        }
        if (turn.kind == Kind.GOODBYE) {
            end(EndReason.AGENT_ENDED, null, Origin.LOCAL);
            return;
        }
        if (failedAgain()) {
            return;
        }
        if (turn.kind == Kind.FALLBACK) {
            send(control("error", "message", "The call cannot go on because of a technical problem."));
            end(EndReason.ERROR, "speech synthesis failed", Origin.LOCAL);
            return;
        }
        startAgentTurn(Kind.FALLBACK, settings.fallbackMessage(), System.nanoTime(), null, null);
    }

    /** The caller spoke over the agent: flush, cancel, keep only what was heard. */
    private void bargeIn() {
        AgentTurn turn;
        AgentPlayout.Heard heard;
        lock.lock();
        try {
            turn = current;
            heard = turn == null ? null : stopAgentTurn(turn);
        } finally {
            lock.unlock();
        }
        if (heard == null) {
            return;
        }
        log.debug("Call {}: barge-in, heard '{}'", call.callId(), heard.text());
        pendingAction = null;                                       // the caller has more to say
        if (heard.anyAudioSent()) {
            recordAgentTurn(turn, heard.text(), true);
            remember(heard.text());
        }
        if (turn.kind == Kind.GOODBYE) {
            end(EndReason.AGENT_ENDED, null, Origin.LOCAL);
        }
    }

    /**
     * Stops {@code turn} if it is still the agent turn in progress: cancels its work, tells the client to flush
     * playback, and answers what the caller heard of it; null when another turn (or none) is in progress. Under the
     * send lock, so no frame of the stopped turn leaves after the flush.
     */
    private AgentPlayout.Heard stopAgentTurn(AgentTurn turn) {
        lock.lock();
        try {
            if (current != turn) {
                return null;
            }
            current = null;
            turn.cancelWork();
            long now = System.nanoTime();
            AgentPlayout.Heard heard = playout.stop(now);
            transport.sendText(control("flush"));
            recording.agentStoppedAt(sinceConnect(now));
            return heard;
        } finally {
            lock.unlock();
        }
    }

    /** Every 20 ms on the pacer: release due audio, finish a turn whose audio has been played. */
    private void tick() {
        if (ended.get()) {
            return;
        }
        AgentTurn finished = null;
        String spoken = null;
        lock.lock();
        try {
            long now = System.nanoTime();
            for (AgentPlayout.Outgoing frame : playout.due(now)) {
                if (current != null && frame.segment() > current.announcedSegment) {
                    markPlayback("sentence", id -> playout.markBefore(id, frame));
                }
                transport.sendAudio(frame.pcm());
                recording.agent(frame.pcm(), 0, frame.pcm().length, sinceConnect(frame.playStartNanos()));
                if (current != null) {
                    current.audioSent(frame, this);
                }
            }
            if (current != null && current.productionDone && playout.drained(now)) {
                finished = current;
                current = null;
                spoken = playout.finishTurn();
                markPlayback("turn", id -> playout.markAfterAll(id, now));
            }
            if (playout.lateFrames() > lateFramesReported) {
                log.warn("Call {}: {} agent audio frames left late", call.callId(), playout.lateFrames() - lateFramesReported);
                lateFramesReported = playout.lateFrames();
            }
        } catch (RuntimeException e) {
            log.warn("Call {}: sending agent audio failed", call.callId(), e);
        } finally {
            lock.unlock();
        }
        if (finished != null) {
            send(control("agent_done"));
            if (finished.firstPlayStartMs != null) {
                recordAgentTurn(finished, spoken, false);
                remember(spoken);
            }
            if (finished.kind == Kind.GOODBYE) {
                end(EndReason.AGENT_ENDED, null, Origin.LOCAL);
            } else if (finished.kind == Kind.REPLY) {
                actAfterReply(finished.firstPlayStartMs != null);
            }
        }
    }

    /**
     * Under the lock: asks the transport to confirm when the caller has played the audio sent so far (before the
     * frame sent next); once placed, the mark goes into the playout model with {@code place}, which takes its
     * confirmation into account when playback stops (see {@link AgentPlayout}). The first mark of each sentence tells
     * that the sentences before it were heard; the one at the end of a turn, that all of it was.
     */
    private void markPlayback(String kind, LongConsumer place) {
        long id = ++marksPlaced;
        if (transport.markPlayback(kind + "-" + id, () -> playbackConfirmed(id))) {
            place.accept(id);
        }
    }

    /** The caller's side played everything before mark {@code id} (on the transport's thread). */
    private void playbackConfirmed(long id) {
        lock.lock();
        try {
            playout.markPlayed(id, System.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    /** Carries out what a tool asked for during the reply that was just played. */
    private void actAfterReply(boolean replyWasHeard) {
        PendingAction action = pendingAction;
        pendingAction = null;
        if (action instanceof EndAfterReply) {
            if (replyWasHeard) {
                end(EndReason.AGENT_ENDED, "end_call", Origin.LOCAL);
            } else {
                startAgentTurn(Kind.GOODBYE, settings.goodbyeMessage(), System.nanoTime(), null, null);
            }
        } else if (action instanceof TransferAfterReply transfer) {
            send(control("transfer", "number", transfer.number()));
            dispatch(new TransferCallCommand(call.callId(), transfer.number()));
            end(EndReason.TRANSFERRED, "transferred to " + transfer.number(), Origin.LOCAL);
        }
    }

    private void remember(String heardText) {
        if (heardText == null || heardText.isBlank()) {
            return;
        }
        lock.lock();
        try {
            history.add(new AssistantMessage(heardText));
        } finally {
            lock.unlock();
        }
    }

    private void recordAgentTurn(AgentTurn turn, String heardText, boolean interrupted) {
        long started = turn.firstPlayStartMs != null ? turn.firstPlayStartMs : sinceConnect(turn.referenceNanos);
        long endedAt = Math.max(started, sinceConnect(System.nanoTime()));
        TurnLatency latency = new TurnLatency(turn.silenceMs, turn.sttFinalMs, turn.firstReplyTextMs,
                turn.firstAudioSynthesizedMs, turn.firstAudioSentMs);
        dispatch(new RecordAgentTurnCommand(call.callId(), turnSequence.getAndIncrement(), heardText == null ? "" : heardText,
                interrupted, started, endedAt, latency));
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers

    /** Commands leave in order, each after the previous one completed (turns before the end, the end before the recording). */
    private CompletableFuture<Object> dispatch(Object command) {
        synchronized (this) {
            CompletableFuture<Object> result = commandChain.handle((ok, failure) -> null)
                    .thenComposeAsync(ignored -> commands.send(command), COMMANDS);
            result.whenComplete((ok, failure) -> {
                if (failure != null && !(command instanceof ConnectCallCommand)) {
                    log.warn("Call {}: {} failed: {}", call.callId(), command.getClass().getSimpleName(), failure.getMessage());
                }
            });
            commandChain = result;
            return result;
        }
    }

    private void send(String json) {
        lock.lock();
        try {
            transport.sendText(json);
        } catch (RuntimeException e) {
            log.debug("Call {}: control message not sent", call.callId(), e);
        } finally {
            lock.unlock();
        }
    }

    static String control(String type, Object... fields) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            message.put((String) fields[i], fields[i + 1]);
        }
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String transcript(boolean isFinal, String text) {
        return control("transcript", "final", isFinal, "text", text);
    }

    private long sinceConnect(long nanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(nanos - connectedNanos));
    }

    private static Long elapsedMs(long sinceNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** One agent turn in flight: its cancellation and its timings (ms from the reference moment). */
    private static final class AgentTurn {
        final Kind kind;
        final long referenceNanos;
        final Long silenceMs;
        final Long sttFinalMs;
        final Cancellation cancellation = new Cancellation();
        final Map<Integer, String> sentences = new LinkedHashMap<>();
        volatile Disposable responder;
        volatile boolean timedOut;
        volatile Long firstReplyTextMs;
        volatile Long firstAudioSynthesizedMs;
        Long firstAudioSentMs;
        Long firstPlayStartMs;
        int announcedSegment = -1;
        int nextSegment;
        boolean productionDone;

        AgentTurn(Kind kind, long referenceNanos, Long silenceMs, Long sttFinalMs) {
            this.kind = kind;
            this.referenceNanos = referenceNanos;
            this.silenceMs = silenceMs;
            this.sttFinalMs = sttFinalMs;
        }

        void cancelWork() {
            cancellation.cancel();
            Disposable stream = responder;
            if (stream != null) {
                stream.dispose();
            }
        }

        /** Called under the session lock for each frame sent. */
        void audioSent(AgentPlayout.Outgoing frame, VoiceSession session) {
            if (firstAudioSentMs == null) {
                firstAudioSentMs = elapsedMs(referenceNanos);
                firstPlayStartMs = session.sinceConnect(frame.playStartNanos());
            }
            if (frame.segment() > announcedSegment) {
                announcedSegment = frame.segment();
                session.transport.sendText(control("agent_speaking", "text", sentences.getOrDefault(frame.segment(), "")));
            }
        }
    }
}
