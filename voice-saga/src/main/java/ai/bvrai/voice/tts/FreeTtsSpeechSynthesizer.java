package ai.bvrai.voice.tts;

import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.voice.engine.AudioSink;
import ai.bvrai.voice.engine.Cancellation;
import ai.bvrai.voice.engine.SpeechEngineException;
import ai.bvrai.voice.engine.SpeechSynthesizer;
import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.audio.AudioPlayer;
import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;

import javax.sound.sampled.AudioFormat;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Offline, pure-Java speech synthesis with FreeTTS (provider {@code freetts}). Voices: {@code kevin16} (16 kHz) and
 * {@code kevin} (8 kHz, up-sampled). Thread-safe: a FreeTTS voice speaks one text at a time, so each voice keeps a
 * small pool of allocated instances (created on demand, at most {@code poolSize} per voice; further callers wait).
 * Audio goes to the sink per 100 ms chunk as FreeTTS produces each utterance; a cancellation is honoured between
 * chunks.
 */
public class FreeTtsSpeechSynthesizer implements SpeechSynthesizer, AutoCloseable {

    public static final String PROVIDER = "freetts";
    public static final String DEFAULT_VOICE = "kevin16";
    static final List<String> VOICES = List.of("kevin16", "kevin");

    private final int poolSize;
    private final Pool kevin16 = new Pool("kevin16");
    private final Pool kevin = new Pool("kevin");

    public FreeTtsSpeechSynthesizer(int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
        this.poolSize = poolSize;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    /** Allocates one instance of the default voice now (~0.2–0.5 s), so the first call does not wait for it. */
    public void preload() {
        Pool pool = kevin16;
        pool.release(pool.acquire());
    }

    @Override
    public void synthesize(String text, VoiceSettings voice, AudioSink sink, Cancellation cancel) {
        if (text == null || text.isBlank() || cancel.isCancelled()) {
            return;
        }
        Pool pool = pool(voice == null ? DEFAULT_VOICE : voice.voiceId());
        PooledVoice pooled = pool.acquire();
        try {
            pooled.player.target = null;
            pooled.player.sink = sink;
            pooled.player.cancel = cancel;
            pooled.voice.speak(text);
            ChunkedSink target = pooled.player.target;
            if (target != null) {
                target.finish();
            }
        } catch (RuntimeException e) {
            throw new SpeechEngineException("FreeTTS failed to speak: " + e.getMessage(), e);
        } finally {
            pooled.player.sink = null;
            pooled.player.cancel = null;
            pooled.player.target = null;
            pool.release(pooled);
        }
    }

    private Pool pool(String voiceId) {
        return switch (voiceId == null || voiceId.isBlank() || voiceId.equals("default") ? DEFAULT_VOICE : voiceId) {
            case "kevin16" -> kevin16;
            case "kevin" -> kevin;
            default -> throw new SpeechEngineException("FreeTTS has no voice '" + voiceId + "'; available: " + VOICES);
        };
    }

    @Override
    public void close() {
        kevin16.close();
        kevin.close();
    }

    private record PooledVoice(Voice voice, ForwardingPlayer player) {
    }

    private final class Pool {
        private final String name;
        private final BlockingQueue<PooledVoice> idle = new LinkedBlockingQueue<>();
        private final AtomicInteger created = new AtomicInteger();

        Pool(String name) {
            this.name = name;
        }

        PooledVoice acquire() {
            PooledVoice v = idle.poll();
            if (v != null) {
                return v;
            }
            if (created.incrementAndGet() <= poolSize) {
                try {
                    return allocate();
                } catch (RuntimeException e) {
                    created.decrementAndGet();
                    throw e;
                }
            }
            created.decrementAndGet();
            try {
                return idle.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SpeechEngineException("interrupted while waiting for a FreeTTS voice", e);
            }
        }

        void release(PooledVoice v) {
            idle.add(v);
        }

        private PooledVoice allocate() {
            Voice voice = Arrays.stream(new KevinVoiceDirectory().getVoices())
                    .filter(v -> v.getName().equals(name)).findFirst()
                    .orElseThrow(() -> new SpeechEngineException("FreeTTS voice '" + name + "' is not in the FreeTTS jar"));
            ForwardingPlayer player = new ForwardingPlayer();
            voice.setAudioPlayer(player); // before allocate(): FreeTTS would otherwise open a sound device
            voice.allocate();
            return new PooledVoice(voice, player);
        }

        void close() {
            PooledVoice v;
            while ((v = idle.poll()) != null) {
                v.voice.deallocate();
            }
        }
    }

    /** FreeTTS's audio output, redirected to the current call's sink. */
    private static final class ForwardingPlayer implements AudioPlayer {
        private volatile AudioFormat format = new AudioFormat(16_000f, 16, 1, true, true);
        private volatile AudioSink sink;
        private volatile Cancellation cancel;
        private volatile ChunkedSink target;
        private float volume = 1f;

        private ChunkedSink target() {
            ChunkedSink t = target;
            if (t == null && sink != null) {
                t = new ChunkedSink(sink, cancel, Math.round(format.getSampleRate()), format.isBigEndian());
                target = t;
            }
            return t;
        }

        @Override
        public void setAudioFormat(AudioFormat format) {
            if (format.getSampleSizeInBits() != 16 || format.getChannels() != 1) {
                throw new SpeechEngineException("unexpected FreeTTS audio format " + format);
            }
            this.format = format;
        }

        @Override
        public AudioFormat getAudioFormat() {
            return format;
        }

        @Override
        public boolean write(byte[] audioData) {
            return write(audioData, 0, audioData.length);
        }

        @Override
        public boolean write(byte[] bytes, int offset, int size) {
            ChunkedSink t = target();
            return t != null && t.write(bytes, offset, size);
        }

        @Override
        public void begin(int size) {
        }

        @Override
        public boolean end() {
            Cancellation c = cancel;
            return c == null || !c.isCancelled();
        }

        @Override
        public boolean drain() {
            return true;
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void reset() {
        }

        @Override
        public void cancel() {
        }

        @Override
        public void close() {
        }

        @Override
        public float getVolume() {
            return volume;
        }

        @Override
        public void setVolume(float volume) {
            this.volume = volume;
        }

        @Override
        public long getTime() {
            return 0;
        }

        @Override
        public void resetTime() {
        }

        @Override
        public void startFirstSampleTimer() {
        }

        @Override
        public void showMetrics() {
        }
    }
}
