package ai.bvrai.voice.pipeline;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Both sides of a call, aligned by time, kept in two mono scratch files (sparse: gaps read as silence) and written
 * out as one stereo WAV: caller left, agent right, 16 kHz PCM16. Memory use does not grow with the call's length.
 * Caller audio is laid end to end from where it arrived (jitter below 200 ms does not move it; a longer gap in the
 * stream is kept as silence); agent audio lands where the caller's player started it, and a flush erases what
 * was sent but never played.
 */
public final class StereoRecording implements AutoCloseable {

    private static final long REALIGN_SAMPLES = Pcm.SAMPLE_RATE / 5;

    private final Path callerFile;
    private final Path agentFile;
    private final FileChannel caller;
    private final FileChannel agent;
    private long callerNext;
    private long agentEnd;

    public StereoRecording(Path directory) {
        try {
            Files.createDirectories(directory);
            callerFile = Files.createTempFile(directory, "caller-", ".pcm");
            agentFile = Files.createTempFile(directory, "agent-", ".pcm");
            caller = FileChannel.open(callerFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            agent = FileChannel.open(agentFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Caller audio that arrived {@code atMs} after the call connected. */
    public synchronized void caller(byte[] pcm, int offset, int length, long atMs) {
        long samples = length / 2;
        long expected = Math.max(0, atMs * Pcm.SAMPLE_RATE / 1000 - samples);
        long position = expected - callerNext > REALIGN_SAMPLES ? expected : callerNext;
        write(caller, pcm, offset, length, position);
        callerNext = position + samples;
    }

    /** Agent audio the caller starts playing {@code atMs} after the call connected. */
    public synchronized void agent(byte[] pcm, int offset, int length, long atMs) {
        long position = Math.max(0, atMs * Pcm.SAMPLE_RATE / 1000);
        write(agent, pcm, offset, length, position);
        agentEnd = Math.max(agentEnd, position + length / 2);
    }

    /** Agent audio after {@code atMs} was dropped by the caller's player: silence it. */
    public synchronized void agentStoppedAt(long atMs) {
        long from = Math.max(0, atMs * Pcm.SAMPLE_RATE / 1000);
        if (from < agentEnd) {
            write(agent, new byte[(int) (agentEnd - from) * 2], 0, (int) (agentEnd - from) * 2, from);
            agentEnd = from;
        }
    }

    public synchronized long durationMs() {
        return Math.max(callerNext, agentEnd) * 1000 / Pcm.SAMPLE_RATE;
    }

    /** Writes the stereo WAV; answers its size in bytes. */
    public synchronized long writeWav(OutputStream target) throws IOException {
        long frames = Math.max(callerNext, agentEnd);
        long dataBytes = frames * 4;
        OutputStream out = new BufferedOutputStream(target, 64 * 1024);
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt((int) (36 + dataBytes)).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2)
                .putInt(Pcm.SAMPLE_RATE).putInt(Pcm.SAMPLE_RATE * 4).putShort((short) 4).putShort((short) 16)
                .put("data".getBytes()).putInt((int) dataBytes);
        out.write(header.array());
        int chunk = Pcm.SAMPLE_RATE; // one second per pass
        ByteBuffer left = ByteBuffer.allocate(chunk * 2);
        ByteBuffer right = ByteBuffer.allocate(chunk * 2);
        byte[] interleaved = new byte[chunk * 4];
        for (long at = 0; at < frames; at += chunk) {
            int n = (int) Math.min(chunk, frames - at);
            read(caller, left, at, n);
            read(agent, right, at, n);
            for (int i = 0; i < n; i++) {
                interleaved[4 * i] = left.get(2 * i);
                interleaved[4 * i + 1] = left.get(2 * i + 1);
                interleaved[4 * i + 2] = right.get(2 * i);
                interleaved[4 * i + 3] = right.get(2 * i + 1);
            }
            out.write(interleaved, 0, n * 4);
        }
        out.flush();
        return 44 + dataBytes;
    }

    /** Deletes the scratch files. */
    @Override
    public synchronized void close() {
        try {
            caller.close();
            agent.close();
            Files.deleteIfExists(callerFile);
            Files.deleteIfExists(agentFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(FileChannel channel, byte[] pcm, int offset, int length, long samplePosition) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(pcm, offset, length);
            long at = samplePosition * 2;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void read(FileChannel channel, ByteBuffer into, long samplePosition, int samples) throws IOException {
        into.clear();
        java.util.Arrays.fill(into.array(), (byte) 0);
        into.limit(samples * 2);
        long at = samplePosition * 2;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
    }
}
