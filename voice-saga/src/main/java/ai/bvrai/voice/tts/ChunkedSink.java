package ai.bvrai.voice.tts;

import ai.bvrai.voice.audio.Pcm16;
import ai.bvrai.voice.audio.Resampler;
import ai.bvrai.voice.engine.AudioSink;
import ai.bvrai.voice.engine.Cancellation;

/**
 * Hands an engine's PCM16 to an {@link AudioSink} in chunks of at most {@link #CHUNK_BYTES} at 16 kHz, converting
 * byte order and sample rate on the way, and stops forwarding once the cancellation is raised. Not thread-safe.
 */
final class ChunkedSink {

    /** 100 ms of 16 kHz PCM16: the granularity at which a cancellation takes effect. */
    static final int CHUNK_BYTES = 3_200;

    private final AudioSink sink;
    private final Cancellation cancel;
    private final boolean bigEndian;
    private final Resampler resampler; // null at 16 kHz
    private byte pending = 0;
    private boolean hasPending;
    private long forwardedBytes;

    ChunkedSink(AudioSink sink, Cancellation cancel, int sampleRate, boolean bigEndian) {
        this.sink = sink;
        this.cancel = cancel;
        this.bigEndian = bigEndian;
        this.resampler = sampleRate == Pcm16.SAMPLE_RATE ? null : new Resampler(sampleRate, Pcm16.SAMPLE_RATE);
    }

    boolean cancelled() {
        return cancel.isCancelled();
    }

    long forwardedBytes() {
        return forwardedBytes;
    }

    /** Forwards engine bytes; returns false once cancelled (the caller should stop producing). */
    boolean write(byte[] data, int offset, int length) {
        if (cancel.isCancelled()) {
            return false;
        }
        byte[] bytes;
        if (hasPending) { // a sample split across two writes
            bytes = new byte[length + 1];
            bytes[0] = pending;
            System.arraycopy(data, offset, bytes, 1, length);
        } else {
            bytes = new byte[length];
            System.arraycopy(data, offset, bytes, 0, length);
        }
        int whole = bytes.length & ~1;
        hasPending = whole != bytes.length;
        if (hasPending) {
            pending = bytes[bytes.length - 1];
        }
        if (bigEndian) {
            Pcm16.swapByteOrder(bytes, 0, whole);
        }
        if (resampler != null) {
            bytes = Pcm16.toBytes(resampler.process(Pcm16.toShorts(bytes, 0, whole)));
            whole = bytes.length;
        }
        return forward(bytes, whole);
    }

    /** Flushes the resampler's tail; call once after the engine finished. */
    void finish() {
        if (resampler != null && !cancel.isCancelled()) {
            byte[] tail = Pcm16.toBytes(resampler.process(new short[resampler.delayInputSamples()]));
            forward(tail, tail.length);
        }
    }

    private boolean forward(byte[] bytes, int length) {
        for (int off = 0; off < length; off += CHUNK_BYTES) {
            if (cancel.isCancelled()) {
                return false;
            }
            int n = Math.min(CHUNK_BYTES, length - off);
            sink.accept(bytes, off, n);
            forwardedBytes += n;
        }
        return !cancel.isCancelled();
    }
}
