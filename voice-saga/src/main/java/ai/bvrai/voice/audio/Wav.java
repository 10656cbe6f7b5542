package ai.bvrai.voice.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RIFF/WAVE PCM16 files: writing mono (e.g. one side of a call) and stereo (caller left, agent right) recordings,
 * and reading the PCM16 files engines such as flite produce.
 */
public final class Wav {

    private static final int HEADER_BYTES = 44;

    private Wav() {
    }

    /** A decoded PCM16 file; {@code samples} are interleaved when {@code channels > 1}. */
    public record Audio(int sampleRate, int channels, short[] samples) {

        /** The first channel (or the only one). */
        public short[] mono() {
            if (channels == 1) {
                return samples;
            }
            short[] left = new short[samples.length / channels];
            for (int i = 0; i < left.length; i++) {
                left[i] = samples[i * channels];
            }
            return left;
        }
    }

    public static byte[] mono(short[] samples, int sampleRate) {
        return encode(Pcm16.toBytes(samples), sampleRate, 1);
    }

    /** Two channels of equal length are interleaved; the shorter one is padded with silence. */
    public static byte[] stereo(short[] left, short[] right, int sampleRate) {
        int frames = Math.max(left.length, right.length);
        short[] interleaved = new short[frames * 2];
        for (int i = 0; i < frames; i++) {
            interleaved[2 * i] = i < left.length ? left[i] : 0;
            interleaved[2 * i + 1] = i < right.length ? right[i] : 0;
        }
        return encode(Pcm16.toBytes(interleaved), sampleRate, 2);
    }

    public static void writeMono(Path file, short[] samples, int sampleRate) throws IOException {
        Files.write(file, mono(samples, sampleRate));
    }

    public static void writeStereo(Path file, short[] left, short[] right, int sampleRate) throws IOException {
        Files.write(file, stereo(left, right, sampleRate));
    }

    /** A complete file around little-endian PCM16 data. */
    public static byte[] encode(byte[] pcm16, int sampleRate, int channels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_BYTES + pcm16.length);
        try {
            writeHeader(out, pcm16.length, sampleRate, channels);
            out.write(pcm16);
        } catch (IOException e) {
            throw new IllegalStateException(e); // cannot happen in memory
        }
        return out.toByteArray();
    }

    /** The 44-byte canonical header for {@code dataBytes} of PCM16. */
    public static void writeHeader(OutputStream out, int dataBytes, int sampleRate, int channels) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        out.write(h.array());
    }

    public static Audio read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** Reads a PCM16 WAVE stream to its end (a streamed file may declare a wrong data length: it is ignored). */
    public static Audio read(InputStream in) throws IOException {
        Header header = readHeader(in);
        byte[] data = in.readAllBytes();
        return new Audio(header.sampleRate(), header.channels(), Pcm16.toShorts(data, 0, data.length & ~1));
    }

    /** The format of a PCM16 WAVE stream; leaves {@code in} at the first data byte. */
    public record Header(int sampleRate, int channels) {
    }

    public static Header readHeader(InputStream in) throws IOException {
        ByteBuffer riff = ByteBuffer.wrap(in.readNBytes(12)).order(ByteOrder.LITTLE_ENDIAN);
        if (riff.remaining() < 12 || riff.getInt(0) != 0x46464952 || riff.getInt(8) != 0x45564157) {
            throw new IOException("not a RIFF/WAVE stream");
        }
        int sampleRate = 0, channels = 0, bits = 0, format = 0;
        while (true) {
            byte[] chunkHeader = in.readNBytes(8);
            if (chunkHeader.length < 8) {
                throw new IOException("WAVE stream without a data chunk");
            }
            ByteBuffer ch = ByteBuffer.wrap(chunkHeader).order(ByteOrder.LITTLE_ENDIAN);
            int id = ch.getInt(0);
            int size = ch.getInt(4);
            if (id == 0x20746d66) { // "fmt "
                ByteBuffer fmt = ByteBuffer.wrap(in.readNBytes(size)).order(ByteOrder.LITTLE_ENDIAN);
                format = fmt.getShort(0);
                channels = fmt.getShort(2);
                sampleRate = fmt.getInt(4);
                bits = fmt.getShort(14);
                if ((size & 1) == 1) {
                    in.skipNBytes(1);
                }
            } else if (id == 0x61746164) { // "data"
                if (format != 1 || bits != 16) {
                    throw new IOException("only PCM16 WAVE is supported, got format " + format + " with " + bits + " bits");
                }
                return new Header(sampleRate, channels);
            } else {
                in.skipNBytes(size + (size & 1));
            }
        }
    }
}
