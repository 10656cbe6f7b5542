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
 * caller heard before a flush follows from when each frame started playing — no acknowledgements needed.
 * <p>
 * Audio is grouped in segments (one per synthesized sentence). Not thread-safe: the session calls it under its lock.
 */
public final class AgentPlayout {

    /** A frame to send now, and when the caller starts playing it (System.nanoTime clock). */
    public record Outgoing(byte[] pcm, int segment, long playStartNanos) {
    }

    /** What the caller heard of the segments when playback stopped. */
    public record Heard(String text, long playedMs, boolean anyAudioSent) {
    }

    private record Frame(byte[] pcm, int segment, long readyNanos) {
    }

    private static final class Segment {
        final String text;
        final List<Long> playStarts = new ArrayList<>();
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
            playheadEndNanos = start + FRAME_NANOS;
            Segment segment = segments.get(frame.segment());
            if (segment != null) {
                segment.playStarts.add(start);
            }
            framesSent++;
            out.add(new Outgoing(frame.pcm(), frame.segment(), start));
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
     * Playback stops now (the caller was told to drop its queue): answers what was heard of the current segments
     * and forgets them.
     */
    public Heard stop(long nowNanos) {
        StringBuilder heard = new StringBuilder();
        long playedTotal = 0;
        boolean anySent = false;
        for (Segment segment : segments.values()) {
            long playedNanos = 0;
            for (long start : segment.playStarts) {
                playedNanos += Math.max(0, Math.min(FRAME_NANOS, nowNanos - start));
            }
            anySent |= !segment.playStarts.isEmpty();
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
            if (!segment.playStarts.isEmpty()) {
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
