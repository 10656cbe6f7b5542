package ai.bvrai.query.projections;

import ai.bvrai.api.analytics.ReadModelState;
import ai.bvrai.api.analytics.ReadModelStatus;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where each event processor of this node stands against the head of the event store, how fast it moves, and
 * the replay of the query side's read models. Positions are global indexes of the event store.
 * <p>
 * Replayable are the processing groups of the query side's projections (beans in {@code ai.bvrai.query} with
 * {@code @ProcessingGroup}): their handlers only write their own tables and their {@code @ResetHandler} clears them.
 * Sagas, the command side's lookup and the voice runtime's processors are never reset from here.
 */
@Component
public class ProjectionMonitor implements SmartLifecycle {

    /** Closer to the head than this and a read model counts as live. */
    static final long LIVE_LAG = 50;
    private static final int SAMPLES = 6;
    private static final long HEAD_CACHE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final EventTableReplay tableReplay;
    private final ApplicationContext context;
    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();
    private volatile Set<String> replayable;
    private volatile long headPosition = -1;
    private volatile long headReadAt;
    private ScheduledExecutorService sampler;

    ProjectionMonitor(EventProcessingConfiguration processing, EventStore eventStore, EventTableReplay tableReplay,
                      ApplicationContext context) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.tableReplay = tableReplay;
        this.context = context;
    }

    /** What the admin API shows of one processor. */
    public record ProcessorStatus(String name, boolean replayable, boolean running, ReadModelState state,
                                  Long position, long head, long behind, double progress, int segments,
                                  Double eventsPerSecond, Long estimatedSecondsLeft, String error) {
    }

    private record Sample(long nanos, long position) {
    }

    public List<ProcessorStatus> all() {
        long head = head(true);
        return processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance)
                .map(TrackingEventProcessor.class::cast)
                .map(processor -> status(processor, head))
                .sorted(java.util.Comparator.comparing(ProcessorStatus::name))
                .toList();
    }

    public ProcessorStatus status(String name) {
        return status(processor(name), head(true));
    }

    /** The state of a read model for its answers: cheap enough to accompany every query. */
    public ReadModelStatus readModel(String name) {
        ProcessorStatus status = status(processor(name), head(false));
        return new ReadModelStatus(name, status.state(), status.position(), status.head(), status.progress());
    }

    /**
     * Stops the processor on this node, resets its tokens to the start of the event store (its reset handlers
     * clear its tables, in the same transaction) and starts it again: it rebuilds from the whole history. On the
     * JDBC event store a single-segment processor first takes the history up to the current head through
     * {@link EventTableReplay}, which reads the event table in large chunks, and starts from there.
     */
    public synchronized ProcessorStatus replay(String name) {
        if (!replayable().contains(name)) {
            processor(name);
            throw new DomainException(ErrorCode.PROJECTION_NOT_REPLAYABLE,
                    "Event processor " + name + " is not a read model of the query side and cannot be replayed.");
        }
        TrackingEventProcessor processor = processor(name);
        if (tableReplay.position(name).isPresent()) {
            // resetting now would clear the tables under the running replay, which holds the token on this node
            throw new DomainException(ErrorCode.PROJECTION_NOT_REPLAYABLE, "Event processor " + name
                    + " is being rebuilt from the event table right now; replay it again once that is done.");
        }
        processor.shutDown();
        try {
            processor.resetTokens();
        } catch (IllegalStateException | org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException e) {
            processor.start();
            throw new DomainException(ErrorCode.PROJECTION_NOT_REPLAYABLE, "Event processor " + name
                    + " could not be reset here: another node holds its segments (" + e.getMessage() + ").");
        }
        samples.remove(name);
        if (tableReplay.available() && processing.tokenStore(name).fetchSegments(name).length == 1) {
            tableReplay.start(processor);
        } else {
            processor.start();
        }
        return status(name);
    }

    private TrackingEventProcessor processor(String name) {
        return processing.eventProcessor(name, TrackingEventProcessor.class)
                .orElseThrow(() -> new DomainException(ErrorCode.PROJECTION_NOT_FOUND, "No event processor " + name + "."));
    }

    private ProcessorStatus status(TrackingEventProcessor processor, long head) {
        String name = processor.getName();
        OptionalLong fastReplay = tableReplay.position(name);
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        boolean rebuilding = fastReplay.isPresent()
                || segments.values().stream().anyMatch(ProjectionMonitor::rebuilding);
        Long position;
        if (fastReplay.isPresent()) {
            position = fastReplay.getAsLong() < 0 ? null : fastReplay.getAsLong();
        } else {
            OptionalLong lowest = segments.values().stream()
                    .mapToLong(s -> position(s.getTrackingToken())).filter(p -> p >= 0).min();
            position = segments.isEmpty() || lowest.isEmpty()
                    || segments.values().stream().anyMatch(s -> position(s.getTrackingToken()) < 0)
                    ? null : lowest.getAsLong();
        }
        String error = segments.values().stream().filter(EventTrackerStatus::isErrorState)
                .map(s -> String.valueOf(s.getError())).findFirst().orElse(null);
        long at = position == null ? -1 : position;
        long behind = Math.max(0, head - at);
        ReadModelState state = rebuilding ? ReadModelState.REBUILDING
                : behind > LIVE_LAG ? ReadModelState.CATCHING_UP : ReadModelState.LIVE;
        double progress = head <= 0 ? 1.0 : Math.min(1.0, Math.max(0, at) / (double) head);
        Double rate = rate(name);
        Long secondsLeft = behind == 0 ? Long.valueOf(0) : rate == null || rate <= 0 ? null : (long) Math.ceil(behind / rate);
        return new ProcessorStatus(name, replayable().contains(name), processor.isRunning() || fastReplay.isPresent(),
                state, position, head, behind, progress, fastReplay.isPresent() ? 1 : segments.size(), rate,
                secondsLeft, error);
    }

    /**
     * The global index the processor has reached (inside a replay: of the replay), -1 before the first event.
     * Gaps below it — indexes of transactions still committing, or rolled back for good (a sequence value a failed
     * insert consumed never reappears) — are not counted: Axon keeps checking them and the latter never fill.
     */
    static long position(TrackingToken token) {
        TrackingToken current = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
        return current == null ? -1 : current.position().orElse(-1);
    }

    /**
     * Still replaying history. Axon keeps a replay token until an event past the reset point arrives; a replay that
     * has reached the reset point is complete even when no new event came since.
     */
    private static boolean rebuilding(EventTrackerStatus status) {
        if (!(status.getTrackingToken() instanceof ReplayToken replay)) {
            return false;
        }
        TrackingToken current = replay.getCurrentToken();
        return current == null || !current.covers(replay.getTokenAtReset());
    }

    /** Events per second over the last few seconds of samples, or null before there are two. */
    private Double rate(String name) {
        Deque<Sample> history = samples.get(name);
        if (history == null) {
            return null;
        }
        synchronized (history) {
            if (history.size() < 2) {
                return null;
            }
            Sample first = history.peekFirst();
            Sample last = history.peekLast();
            double seconds = (last.nanos() - first.nanos()) / 1e9;
            return seconds <= 0 ? null : Math.max(0, last.position() - first.position()) / seconds;
        }
    }

    private void sample() {
        try {
            long now = System.nanoTime();
            processing.eventProcessors().values().stream()
                    .filter(TrackingEventProcessor.class::isInstance)
                    .map(TrackingEventProcessor.class::cast)
                    .forEach(processor -> {
                        OptionalLong fastReplay = tableReplay.position(processor.getName());
                        OptionalLong position = fastReplay.isPresent() ? fastReplay
                                : processor.processingStatus().values().stream()
                                        .mapToLong(s -> position(s.getTrackingToken())).min();
                        if (position.isEmpty() || position.getAsLong() < 0) {
                            return;
                        }
                        Deque<Sample> history = samples.computeIfAbsent(processor.getName(), n -> new ArrayDeque<>());
                        synchronized (history) {
                            history.addLast(new Sample(now, position.getAsLong()));
                            while (history.size() > SAMPLES) {
                                history.removeFirst();
                            }
                        }
                    });
        } catch (RuntimeException e) {
            // a sample lost is a rate a second older; never let the sampler die
        }
    }

    private long head(boolean fresh) {
        long now = System.nanoTime();
        if (fresh || headPosition < 0 || now - headReadAt > HEAD_CACHE_NANOS) {
            TrackingToken token = eventStore.createHeadToken();
            OptionalLong position = token == null ? OptionalLong.empty() : token.position();
            headPosition = position.orElse(0);
            headReadAt = now;
        }
        return headPosition;
    }

    private Set<String> replayable() {
        Set<String> names = replayable;
        if (names == null) {
            names = new TreeSet<>();
            for (Object bean : context.getBeansWithAnnotation(ProcessingGroup.class).values()) {
                Class<?> type = AopUtils.getTargetClass(bean);
                ProcessingGroup group = AnnotatedElementUtils.findMergedAnnotation(type, ProcessingGroup.class);
                if (group != null && type.getPackageName().startsWith("ai.bvrai.query")) {
                    names.add(group.value());
                }
            }
            replayable = names = Set.copyOf(names);
        }
        return names;
    }

    @Override
    public void start() {
        sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("projection-monitor").daemon().factory());
        sampler.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        tableReplay.stop();
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return sampler != null;
    }
}
