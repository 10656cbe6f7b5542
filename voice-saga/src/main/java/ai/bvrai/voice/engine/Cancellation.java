package ai.bvrai.voice.engine;

import java.util.concurrent.atomic.AtomicBoolean;

/** Raised when work in flight is no longer wanted (barge-in, hang-up). */
public final class Cancellation {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
