package ai.bvrai.voice.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.bvrai.api.call.CallEndedEvent;
import ai.bvrai.api.call.EndReason;

/** The end of a call reaches every node's own processor, from the head of the stream. */
class CallEndedRelayTest {

    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private final List<Configuration> nodes = new CopyOnWriteArrayList<>();

    private final class RecordingSessions extends VoiceSessions {
        final List<String> ended = new CopyOnWriteArrayList<>();

        RecordingSessions() {
            super(null, null, null, VoiceRuntimeProperties.defaults());
        }

        @Override
        public void endedElsewhere(String callId, EndReason reason) {
            ended.add(callId + ":" + reason);
        }
    }

    private Configuration node(String nodeId, RecordingSessions sessions) {
        Configurer configurer = DefaultConfigurer.defaultConfiguration(false).configureEmbeddedEventStore(c -> storage);
        CallEndedRelay.processorFor(nodeId).configureModule(configurer);
        configurer.eventProcessing().registerEventHandler(c -> new CallEndedRelay(sessions));
        Configuration node = configurer.start();
        nodes.add(node);
        return node;
    }

    @AfterEach
    void stop() {
        nodes.forEach(Configuration::shutdown);
    }

    @Test
    void givenTwoNodes_whenACallEndsAfterTheyStarted_thenEachNodeSeesItAndNothingFromBefore() {
        Configuration first = node("a", new RecordingSessions());
        first.eventStore().publish(GenericEventMessage.asEventMessage(new CallEndedEvent("old-call", EndReason.ERROR, null, 0)));

        RecordingSessions onA = new RecordingSessions();
        RecordingSessions onB = new RecordingSessions();
        Configuration nodeA = node("node-a", onA);
        Configuration nodeB = node("node-b", onB);
        // a processor takes its position at the head once its worker has claimed the segment
        await().atMost(Duration.ofSeconds(5)).until(() -> claimed(nodeA, "node-a") && claimed(nodeB, "node-b"));

        nodeA.eventStore().publish(GenericEventMessage.asEventMessage(new CallEndedEvent("call-1", EndReason.MAX_DURATION, null, 1000)));

        await().atMost(Duration.ofSeconds(5)).until(() -> !onA.ended.isEmpty() && !onB.ended.isEmpty());
        assertThat(onA.ended).containsExactly("call-1:MAX_DURATION");
        assertThat(onB.ended).containsExactly("call-1:MAX_DURATION");
    }

    private static boolean claimed(Configuration node, String nodeId) {
        return node.eventProcessingConfiguration()
                .eventProcessor(CallEndedRelay.processorName(nodeId), StreamingEventProcessor.class)
                .map(processor -> !processor.processingStatus().isEmpty())
                .orElse(false);
    }
}
