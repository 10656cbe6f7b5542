package ai.bvrai.voice.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import ai.bvrai.voice.pipeline.Pcm;

/** A browser in real time: one 20 ms frame every 20 ms, silence unless told to speak. */
final class SimulatedCaller implements AutoCloseable {

    private final VoiceSession session;
    private final Thread thread;
    private volatile long speakUntilNanos;
    private volatile boolean running = true;
    volatile long lastSpeechStartNanos;

    SimulatedCaller(VoiceSession session) {
        this.session = session;
        this.thread = Thread.ofPlatform().daemon().name("simulated-caller").start(this::run);
    }

    /** Speaks from now for {@code duration}. */
    void speak(Duration duration) {
        lastSpeechStartNanos = System.nanoTime();
        speakUntilNanos = lastSpeechStartNanos + duration.toNanos();
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            boolean speaking = System.nanoTime() < speakUntilNanos;
            byte[] frame = new byte[Pcm.FRAME_BYTES];
            if (speaking) {
                for (int i = 0; i < Pcm.FRAME_SAMPLES; i++) {
                    short s = (short) (i % 2 == 0 ? FakeEngines.SPEECH_LEVEL : -FakeEngines.SPEECH_LEVEL);
                    frame[2 * i] = (byte) (s & 0xff);
                    frame[2 * i + 1] = (byte) (s >> 8);
                }
            }
            session.acceptAudio(frame);
            next += TimeUnit.MILLISECONDS.toNanos(Pcm.FRAME_MS);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
