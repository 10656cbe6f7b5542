package ai.bvrai.voice.session;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.call.EndReason;
import ai.bvrai.infra.recording.RecordingStore;

/**
 * The calls whose audio this node holds, at most one session per call, and the node's audio pacer. Transports
 * reserve a call before they accept its connection, then open the session; a remote end (see
 * {@link CallEndedRelay}) finds the session here.
 */
public class VoiceSessions implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(VoiceSessions.class);

    private final ConcurrentMap<String, Optional<VoiceSession>> sessions = new ConcurrentHashMap<>();
    private final EngineSelector engines;
    private final CommandGateway commandGateway;
    private final RecordingStore recordings;
    private final VoiceRuntimeProperties settings;
    private final ScheduledExecutorService pacer;

    public VoiceSessions(EngineSelector engines, CommandGateway commandGateway, RecordingStore recordings,
                         VoiceRuntimeProperties settings) {
        this.engines = engines;
        this.commandGateway = commandGateway;
        this.recordings = recordings;
        this.settings = settings;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2,
                Thread.ofPlatform().name("voice-pacer-", 0).daemon().factory());
        executor.setRemoveOnCancelPolicy(true);
        this.pacer = executor;
    }

    /** Holds the call for a connection being accepted; false when the call is already held on this node. */
    public boolean reserve(String callId) {
        return sessions.putIfAbsent(callId, Optional.empty()) == null;
    }

    /** Gives back a reservation that did not become a session. */
    public void release(String callId) {
        sessions.remove(callId, Optional.empty());
    }

    /** Opens the session of a reserved call and starts it (first message, engines, threads). */
    public VoiceSession open(CallContext call, CallTransport transport) {
        return open(call, transport, engines, sendingWith(call.organizationId()));
    }

    /** Opens a session on given engines and command sink (tests and benchmarks; transports use the other one). */
    public VoiceSession open(CallContext call, CallTransport transport, SessionEngines selected, CallCommands commands) {
        return open(call, transport, (ignored, events) -> selected, commands);
    }

    /** Opens a session whose engines the selector chooses, with a given command sink (tests and benchmarks). */
    public VoiceSession open(CallContext call, CallTransport transport, EngineSelector selector, CallCommands commands) {
        VoiceSession session = new VoiceSession(call, transport, selector, commands, recordings, settings, pacer,
                closed -> sessions.remove(closed.callId(), Optional.of(closed)));
        sessions.put(call.callId(), Optional.of(session));
        session.start();
        return session;
    }

    public Optional<VoiceSession> find(String callId) {
        return sessions.getOrDefault(callId, Optional.empty());
    }

    /** The call ended elsewhere: release its session here, if this node holds it. */
    public void endedElsewhere(String callId, EndReason reason) {
        find(callId).ifPresent(session -> session.endedElsewhere(reason));
    }

    /** Sessions (and reservations) open on this node. */
    public int size() {
        return sessions.size();
    }

    public Collection<VoiceSession> open() {
        return sessions.values().stream().flatMap(Optional::stream).toList();
    }

    private CallCommands sendingWith(String organizationId) {
        return command -> commandGateway.send(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(java.util.Map.of(MetadataKeys.ORGANIZATION_ID, organizationId)));
    }

    /** On shutdown the node's calls end (their audio cannot move to another node). */
    @Override
    public void destroy() {
        List<VoiceSession> open = List.copyOf(open());
        if (!open.isEmpty()) {
            log.info("Ending {} calls held by this node", open.size());
        }
        for (VoiceSession session : open) {
            session.end(EndReason.ERROR, "voice runtime shut down", VoiceSession.Origin.LOCAL);
        }
        for (VoiceSession session : open) {
            try {
                session.closed().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("Call {} not released cleanly on shutdown", session.callId());
            }
        }
        pacer.shutdownNow();
    }
}
