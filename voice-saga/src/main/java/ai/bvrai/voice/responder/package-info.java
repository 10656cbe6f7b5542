/**
 * The offline responder (a Spring AI {@code ChatModel} that answers from an agent's knowledge by retrieval, not a
 * language model), the system-prompt convention that carries the knowledge ({@link ai.bvrai.voice.responder.OfflinePrompts})
 * and the {@link ai.bvrai.voice.responder.SentenceChunker} that cuts any streamed reply into sentences for speech.
 */
package ai.bvrai.voice.responder;
