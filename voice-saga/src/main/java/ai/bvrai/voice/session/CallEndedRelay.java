package ai.bvrai.voice.session;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;

import ai.bvrai.api.call.CallEndedEvent;

/**
 * Brings a call's end to the node holding its audio, wherever the call was ended (API hang-up, saga deadline on
 * another node). Every node runs this group in its own tracking processor, {@code voice-sessions-<nodeId>}, with
 * an in-memory token starting at the head of the event stream (see {@code VoiceSagaConfiguration}): each node
 * sees every end, and only the node holding the call acts. A subscribing processor would not do: with replicas
 * on one PostgreSQL, an event applied on another node is never published on this node's local bus.
 */
@ProcessingGroup(CallEndedRelay.PROCESSING_GROUP)
public class CallEndedRelay {

    public static final String PROCESSING_GROUP = "voice-sessions";

    private final VoiceSessions sessions;

    public CallEndedRelay(VoiceSessions sessions) {
        this.sessions = sessions;
    }

    /** This node's processor name. */
    public static String processorName(String nodeId) {
        return PROCESSING_GROUP + "-" + nodeId;
    }

    /**
     * Registers this node's processor: one thread, a token kept in memory that starts at the head of the stream on
     * each start (a node holds no audio from before it started, so there is nothing to catch up on, and no token
     * rows pile up for nodes that are gone).
     */
    public static ConfigurerModule processorFor(String nodeId) {
        String processor = processorName(nodeId);
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(processor, c -> c.eventStore(), c -> TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing()
                        .andInitialTrackingToken(StreamableMessageSource::createHeadToken))
                .registerTokenStore(processor, c -> new InMemoryTokenStore())
                .assignProcessingGroup(PROCESSING_GROUP, processor);
    }

    @EventHandler
    @DisallowReplay
    void on(CallEndedEvent event) {
        sessions.endedElsewhere(event.callId(), event.reason());
    }
}
