package ai.bvrai.query.projections;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.GenericResultMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The fast path of a replay on the JDBC event store: while the processor is stopped, its history is read straight
 * from the event table in large key-ordered chunks and handed to the processor's own handlers (its
 * {@link EventHandlerInvoker}, behind its handler interceptors) in one {@link BatchingUnitOfWork} and one
 * transaction per chunk, which also stores the processor's token. When the chunks reach the head that was there
 * when the replay started, the processor starts again from that token and takes the tail as usual.
 * <p>
 * Why: Axon's tracking processor pays, per event, a share of a fetch query per 100 events, timestamp parsing,
 * the metadata deserialized for correlation data, message monitors and spans, all on one thread, which put a
 * replay at a twentieth of the speed the table can be read at (docs/benchmarks.md). Here a reader thread fetches
 * and deserializes the next chunks while this one handles. What it keeps
 * of Axon: the events are upcast and deserialized by Axon's serializer and upcaster chain, each carries the
 * {@link ReplayToken} Axon itself would give it (so {@code @DisallowReplay} and {@code @ReplayStatus} work), gaps in
 * the global index are tracked by {@link GapAwareTrackingToken} exactly as the storage engine tracks them, and the
 * token is claimed in the token store for the whole replay, so no other node's processor takes it meanwhile.
 * Message monitors and spans are left out: a replay is not live traffic and would only distort their figures.
 */
@Component
class EventTableReplay {

    private static final Logger log = LoggerFactory.getLogger(EventTableReplay.class);
    /** Events per chunk: one read, one unit of work, one transaction, one token update. */
    private static final int CHUNK = 5_000;
    /** Chunks read ahead of the one being handled. */
    private static final int READ_AHEAD = 2;
    /**
     * What each handled event answers to the unit of work: one message made once. A result made per event would
     * take the unit of work's correlation data, which deserializes every event's metadata.
     */
    private static final ResultMessage<Void> HANDLED = GenericResultMessage.asResultMessage((Object) null);
    /** How far below the newest index a missing one stays a gap (Axon's JDBC storage engine default). */
    private static final int MAX_GAP_OFFSET = 10_000;
    /** How recent an event must be for an index skipped before it to count as a gap (the engine's default). */
    private static final Duration GAP_TIMEOUT = Duration.ofMinutes(1);

    private final boolean available;
    private final JdbcTemplate jdbc;
    private final EventSchema schema;
    private final Configuration axon;
    private final EventProcessingConfiguration processing;
    private final TransactionManager transactions;
    private final String select;
    private final Map<String, AtomicLong> running = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(Thread.ofPlatform().daemon()
            .name("replay-", 0).factory());
    private volatile boolean stopping;

    EventTableReplay(JdbcTemplate jdbc, EventSchema schema, Configuration axon, EventProcessingConfiguration processing,
                     TransactionManager transactions, EventStore eventStore, ObjectProvider<EventStorageEngine> engine) {
        this.available = eventStore instanceof EmbeddedEventStore
                && engine.getIfAvailable() instanceof JdbcEventStorageEngine;
        this.jdbc = jdbc;
        this.schema = schema;
        this.axon = axon;
        this.processing = processing;
        this.transactions = transactions;
        this.select = "SELECT " + String.join(", ", schema.globalIndexColumn(), schema.typeColumn(),
                schema.aggregateIdentifierColumn(), schema.sequenceNumberColumn(), schema.eventIdentifierColumn(),
                schema.timestampColumn(), schema.payloadTypeColumn(), schema.payloadRevisionColumn(),
                schema.payloadColumn(), schema.metaDataColumn())
                + " FROM " + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn() + " > ? ORDER BY "
                + schema.globalIndexColumn() + " LIMIT " + CHUNK;
    }

    /** Whether events live in the JDBC event table (not in Axon Server, whose processors replay the usual way). */
    boolean available() {
        return available;
    }

    /**
     * Replays {@code processor}, stopped with its tokens just reset, on a thread of its own, and starts it again
     * afterwards — also after a failure, so that the processor retries from the last chunk that committed.
     */
    void start(TrackingEventProcessor processor) {
        String name = processor.getName();
        AtomicLong position = new AtomicLong(-1);
        running.put(name, position);
        threads.execute(() -> {
            Thread.currentThread().setName("replay[" + name + "]");
            try {
                replay(processor, position);
            } catch (RuntimeException e) {
                log.error("Replay of {} from the event table stopped at global index {}; the processor goes on from "
                        + "there", name, position.get(), e);
            } finally {
                // started before the replay stops counting as running: a replay requested in between is refused
                // rather than reset under a processor this thread is about to start
                try {
                    if (!stopping) {
                        processor.start();
                    }
                } finally {
                    running.remove(name);
                }
            }
        });
    }

    /** The global index a running fast replay of {@code name} has reached (-1 before its first chunk). */
    OptionalLong position(String name) {
        AtomicLong position = running.get(name);
        return position == null ? OptionalLong.empty() : OptionalLong.of(position.get());
    }

    void stop() {
        stopping = true;
        threads.shutdownNow();
    }

    /**
     * Two threads: this one handles chunk after chunk, while a reader fetches, upcasts and deserializes the next
     * (at most {@link #READ_AHEAD} chunks ahead), so the database's answer, the decoding and the handling overlap.
     */
    private void replay(TrackingEventProcessor processor, AtomicLong position) {
        String name = processor.getName();
        TokenStore tokens = processing.tokenStore(name);
        TrackingToken start = tokens.fetchToken(name, 0); // claims the segment for this node
        BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(READ_AHEAD);
        long started = System.nanoTime();
        Future<?> reader = threads.submit(() -> {
            Thread.currentThread().setName("replay-read[" + name + "]");
            read(processor.eventHandlerInvoker(), start, chunks);
        });
        try {
            for (Chunk chunk = chunks.take(); chunk.reached() != null; chunk = chunks.take()) {
                if (chunk.failure() != null) {
                    throw new IllegalStateException("Reading the event table failed", chunk.failure());
                }
                handle(processor, tokens, chunk.events(), chunk.reached());
                position.set(position(chunk.reached()));
            }
            if (!stopping) {
                double seconds = (System.nanoTime() - started) / 1e9;
                log.info("Replayed {} from the event table up to global index {} in {} s ({} events/s); the "
                        + "processor takes over from there", name, position.get(), String.format("%.1f", seconds),
                        Math.round(Math.max(0, position.get()) / Math.max(seconds, 1e-3)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reader.cancel(true);
            tokens.releaseClaim(name, 0);
        }
    }

    /** A chunk's events that the processor handles, deserialized, and the token after the chunk. */
    private record Chunk(List<EventMessage<?>> events, TrackingToken reached, Throwable failure) {
        static final Chunk END = new Chunk(List.of(), null, null);
    }

    private void read(EventHandlerInvoker invoker, TrackingToken start, BlockingQueue<Chunk> chunks) {
        try {
            Long head = jdbc.queryForObject("SELECT max(" + schema.globalIndexColumn() + ") FROM "
                    + schema.domainEventTable(), Long.class);
            TrackingToken token = start;
            long last = position(token);
            while (!stopping && head != null && last < head) {
                List<TrackedEventData<?>> rows = new ArrayList<>(CHUNK);
                TrackingToken[] advancing = {token};
                jdbc.query(select, rs -> {
                    String aggregateIdentifier = rs.getString(3);
                    String eventIdentifier = rs.getString(5);
                    GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>(rs.getString(2),
                            eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier, rs.getLong(4),
                            eventIdentifier, rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9),
                            rs.getBytes(10));
                    advancing[0] = advance(advancing[0], rs.getLong(1), entry);
                    rows.add(new TrackedDomainEventData<>(advancing[0], entry));
                }, last);
                if (rows.isEmpty()) {
                    break;
                }
                token = advancing[0];
                List<EventMessage<?>> handled = EventUtils.upcastAndDeserializeTrackedEvents(rows.stream(),
                                axon.eventSerializer(), axon.upcasterChain())
                        .filter(message -> invoker.canHandle(message, Segment.ROOT_SEGMENT))
                        .peek(EventMessage::getPayload) // deserialized here, on the reader's thread
                        .collect(Collectors.toCollection(ArrayList::new));
                chunks.put(new Chunk(handled, token, null));
                last = position(token);
            }
            chunks.put(Chunk.END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            try {
                chunks.put(new Chunk(List.of(), start, e)); // waits for room: the replay thread takes every chunk
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One chunk: its events through the processor's interceptors and handlers, and its token, in one transaction.
     * The first of the interceptors is the processor's own, which stores the token.
     */
    private void handle(TrackingEventProcessor processor, TokenStore tokens, List<EventMessage<?>> events,
                        TrackingToken reached) {
        if (events.isEmpty()) {
            transactions.executeInTransaction(() -> tokens.storeToken(reached, processor.getName(), 0));
            return;
        }
        EventHandlerInvoker invoker = processor.eventHandlerInvoker();
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
        unitOfWork.attachTransaction(transactions);
        // the resources through which the processor's own first interceptor stores the token with the batch
        unitOfWork.resources().put("Processor[" + processor.getName() + "]/Token", reached);
        unitOfWork.resources().put("Processor[" + processor.getName() + "]/SegmentId", 0);
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork,
                processor.getHandlerInterceptors(), message -> {
                    invoker.handle(message, Segment.ROOT_SEGMENT);
                    return HANDLED;
                }).proceed(), RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            throw new IllegalStateException("Handling events up to " + reached + " failed", result.exceptionResult());
        }
    }

    /**
     * The token after the event at {@code index}, as Axon's JDBC storage engine computes it: an index skipped on
     * the way becomes a gap (a transaction still committing may fill it) only when the event after it is recent;
     * below older events a missing index is one that will never fill.
     */
    private static TrackingToken advance(TrackingToken token, long index, GenericDomainEventEntry<?> entry) {
        TrackingToken current = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
        GapAwareTrackingToken next;
        if (!(current instanceof GapAwareTrackingToken gapAware)) {
            next = GapAwareTrackingToken.newInstance(index, List.of());
        } else if (index == gapAware.getIndex() + 1) {
            next = gapAware.advanceTo(index, MAX_GAP_OFFSET);
        } else {
            boolean recent = entry.getTimestamp().isAfter(GenericEventMessage.clock.instant().minus(GAP_TIMEOUT));
            next = gapAware.advanceTo(index, recent ? MAX_GAP_OFFSET : 0);
        }
        return token instanceof ReplayToken replay ? replay.advancedTo(next) : next;
    }

    private static long position(TrackingToken token) {
        return ProjectionMonitor.position(token);
    }
}
