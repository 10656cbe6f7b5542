package ai.bvrai.voice.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent's outgoing audio, released in 20 ms frames at the pace the caller plays it, at most {@code maxLead}
 * ahead of the caller's playback. It keeps a model of the caller's player: {@code playheadEnd} is when the caller
 * will have played everything sent so far (a frame sent to an idle player starts playing on arrival). Because the
 * server never runs more than {@code maxLead} ahead, a flush leaves at most that much audio to drop, and what the
 * caller heard before a flush follows from when each frame started playing.
 * <p>
 * <b>Playback marks</b> refine that estimate where the caller's side confirms what it played (Twilio's {@code mark}s;
 * a browser confirms nothing and the estimate stands alone). A mark sits between two frames; once the caller's side
 * confirms it, every frame before it was heard. When playback stops:
 * <ul>
 *   <li>nothing at or after a mark still unconfirmed was heard (the caller's player had not got there);</li>
 *   <li>before that, the estimate counts, re-timed by the lag the latest confirmation showed: a mark confirmed later
 *       than the model expected means the caller's player runs that much behind the model (a jitter buffer, a slow
 *       network). The smallest lag seen on the call is the round trip of a confirmation itself, so only the lag
 *       beyond it moves the estimate back. It is never moved back by more than the latest confirmation's lag, so
 *       every frame before a confirmed mark still counts as heard in full.</li>
 * </ul>
 * Audio is grouped in segments (one per synthesized sentence). Not thread-safe: the session calls it under its lock.
 */
public final class AgentPlayout {

    /**
     * A frame to send now, and when the caller starts playing it (System.nanoTime clock); {@code index} counts the
     * call's frames, {@code previousPlayedNanos} is when the caller will have played every frame before it (for a
     * mark placed just before this one, which cannot be confirmed before it was sent).
     */
    public record Outgoing(byte[] pcm, int segment, long playStartNanos, long index, long previousPlayedNanos) {
    }

    /** What the caller heard of the segments when playback stopped. */
    public record Heard(String text, long playedMs, boolean anyAudioSent) {
    }

    private record Frame(byte[] pcm, int segment, long readyNanos) {
    }

    /** A frame sent: its index in the call's agent audio and when the model has the caller start playing it. */
    private record Sent(long index, long playStartNanos) {
    }

    /** A mark placed after {@code position} frames, which the model has the caller reach at {@code expectedNanos}. */
    private record Mark(long id, long position, long expectedNanos) {
    }

    private static final class Segment {
        final String text;
        final List<Sent> sent = new ArrayList<>();
        long synthesizedMs;
        boolean complete;

        Segment(String text) {
            this.text = text;
        }
    }

    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(Pcm.FRAME_MS);

    private final long maxLeadNanos;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private final Map<Integer, Segment> segments = new LinkedHashMap<>();
    private byte[] partial = new byte[0];
    private int partialSegment = -1;
    private long playheadEndNanos = Long.MIN_VALUE;
    private long lateFrames;
    private long framesSent;
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private long latestLagNanos;
    private long smallestLagNanos = Long.MAX_VALUE;

    public AgentPlayout(long maxLeadMs) {
        this.maxLeadNanos = TimeUnit.MILLISECONDS.toNanos(maxLeadMs);
    }

    /** Starts a segment (a sentence) whose audio follows. */
    public void beginSegment(int segment, String text) {
        segments.put(segment, new Segment(text));
    }

    /** Adds synthesized audio of a segment; it is cut into 20 ms frames. */
    public void append(int segment, byte[] pcm, int offset, int length, long nowNanos) {
        Segment target = segments.get(segment);
        if (target == null) {
            return;
        }
        target.synthesizedMs += Pcm.millisOf(length);
        int carried = partialSegment == segment ? partial.length : 0;
        byte[] all = new byte[carried + length];
        System.arraycopy(partial, 0, all, 0, carried);
        System.arraycopy(pcm, offset, all, carried, length);
        int at = 0;
        while (all.length - at >= Pcm.FRAME_BYTES) {
            byte[] frame = new byte[Pcm.FRAME_BYTES];
            System.arraycopy(all, at, frame, 0, Pcm.FRAME_BYTES);
            queue.add(new Frame(frame, segment, nowNanos));
            at += Pcm.FRAME_BYTES;
        }
        partial = java.util.Arrays.copyOfRange(all, at, all.length);
        partialSegment = segment;
    }

    /** The segment's audio is complete; a last partial frame is padded with silence. */
    public void completeSegment(int segment, long nowNanos) {
        Segment target = segments.get(segment);
        if (target == null) {
            return;
        }
        if (partialSegment == segment && partial.length > 0) {
            queue.add(new Frame(java.util.Arrays.copyOf(partial, Pcm.FRAME_BYTES), segment, nowNanos));
            partial = new byte[0];
        }
        target.complete = true;
    }

    /** The frames due now: as many as keep the caller's buffer at most {@code maxLead} ahead. */
    public List<Outgoing> due(long nowNanos) {
        List<Outgoing> out = new ArrayList<>();
        while (!queue.isEmpty() && aheadNanos(nowNanos) + FRAME_NANOS <= maxLeadNanos) {
            Frame frame = queue.poll();
            boolean playerRanDry = playheadEndNanos != Long.MIN_VALUE && nowNanos > playheadEndNanos;
            if (playerRanDry && frame.readyNanos() <= playheadEndNanos) {
                lateFrames++; // it was ready before the caller's player ran out, yet left after
            }
            long start = playerRanDry || playheadEndNanos == Long.MIN_VALUE ? nowNanos : playheadEndNanos;
            long previousPlayed = playheadEndNanos == Long.MIN_VALUE ? nowNanos : Math.max(nowNanos, playheadEndNanos);
            playheadEndNanos = start + FRAME_NANOS;
            Segment segment = segments.get(frame.segment());
            if (segment != null) {
                segment.sent.add(new Sent(framesSent, start));
            }
            out.add(new Outgoing(frame.pcm(), frame.segment(), start, framesSent, previousPlayed));
            framesSent++;
        }
        return out;
    }

    /** How far the caller's player is ahead of now (0 when idle). */
    public long aheadNanos(long nowNanos) {
        return playheadEndNanos == Long.MIN_VALUE ? 0 : Math.max(0, playheadEndNanos - nowNanos);
    }

    /** Nothing queued and everything sent has been played. */
    public boolean drained(long nowNanos) {
        return queue.isEmpty() && partial.length == 0 && aheadNanos(nowNanos) == 0;
    }

    /**
     * Places mark {@code id} just before {@code frame} (sent next): the caller's side is asked to confirm when it has
     * played every frame before it ({@link #markPlayed}). Ids increase with every mark.
     */
    public void markBefore(long id, Outgoing frame) {
        marks.add(new Mark(id, frame.index(), frame.previousPlayedNanos()));
    }

    /** Places mark {@code id} after every frame sent so far (see {@link #markBefore}). */
    public void markAfterAll(long id, long nowNanos) {
        long expected = playheadEndNanos == Long.MIN_VALUE ? nowNanos : Math.max(nowNanos, playheadEndNanos);
        marks.add(new Mark(id, framesSent, expected));
    }

    /**
     * The caller's side confirmed mark {@code id} now: everything before it was played (and before every earlier mark).
     * A mark dropped by {@link #stop} confirms nothing.
     */
    public void markPlayed(long id, long nowNanos) {
        Mark confirmed = null;
        while (!marks.isEmpty() && marks.peek().id() <= id) {
            confirmed = marks.poll();
        }
        if (confirmed == null || confirmed.id() != id) {
            return;
        }
        latestLagNanos = Math.max(0, nowNanos - confirmed.expectedNanos());
        smallestLagNanos = Math.min(smallestLagNanos, latestLagNanos);
    }

    /**
     * Playback stops now (the caller was told to drop its queue): answers what was heard of the current segments
     * (bounded and re-timed by the marks, see above) and forgets them and the marks still unconfirmed.
     */
    public Heard stop(long nowNanos) {
        StringBuilder heard = new StringBuilder();
        long playedTotal = 0;
        boolean anySent = false;
        long notReached = marks.isEmpty() ? Long.MAX_VALUE : marks.peek().position();
        long lag = smallestLagNanos == Long.MAX_VALUE ? 0 : latestLagNanos - smallestLagNanos;
        long playerNowNanos = nowNanos - lag;
        for (Segment segment : segments.values()) {
            long playedNanos = 0;
            for (Sent frame : segment.sent) {
                if (frame.index() < notReached) {
                    playedNanos += Math.max(0, Math.min(FRAME_NANOS, playerNowNanos - frame.playStartNanos()));
                }
            }
            anySent |= !segment.sent.isEmpty();
            long playedMs = TimeUnit.NANOSECONDS.toMillis(playedNanos);
            playedTotal += playedMs;
            long totalMs = segment.complete ? segment.synthesizedMs
                    : Math.max(segment.synthesizedMs, HeardText.estimatedMs(segment.text));
            String words = HeardText.prefix(segment.text, playedMs, totalMs);
            if (!words.isEmpty()) {
                if (!heard.isEmpty()) {
                    heard.append(' ');
                }
                heard.append(words);
            }
        }
        queue.clear();
        segments.clear();
        marks.clear();
        partial = new byte[0];
        if (playheadEndNanos != Long.MIN_VALUE && playheadEndNanos > nowNanos) {
            playheadEndNanos = nowNanos;
        }
        return new Heard(heard.toString(), playedTotal, anySent);
    }

    /** The full text of the current segments (the turn as spoken when nothing interrupted it); forgets them. */
    public String finishTurn() {
        StringBuilder text = new StringBuilder();
        for (Segment segment : segments.values()) {
            if (!segment.sent.isEmpty()) {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(segment.text);
            }
        }
        segments.clear();
        return text.toString();
    }

    public long lateFrames() {
        return lateFrames;
    }

    public long framesSent() {
        return framesSent;
    }
}
