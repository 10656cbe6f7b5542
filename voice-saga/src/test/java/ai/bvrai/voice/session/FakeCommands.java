package ai.bvrai.voice.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the call's commands; can refuse the connect. */
final class FakeCommands implements CallCommands {

    final List<Object> sent = new CopyOnWriteArrayList<>();
    volatile boolean refuseConnect;

    @Override
    public CompletableFuture<Object> send(Object command) {
        sent.add(command);
        if (refuseConnect && command instanceof ai.bvrai.api.call.ConnectCallCommand) {
            return CompletableFuture.failedFuture(new IllegalStateException("already connected elsewhere"));
        }
        return CompletableFuture.completedFuture(1L);
    }

    <T> List<T> of(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
