package ai.bvrai.voice.session;

import java.util.concurrent.CompletableFuture;

/** Sends a call's commands (with the call's organization in the metadata). */
@FunctionalInterface
public interface CallCommands {

    CompletableFuture<Object> send(Object command);
}
