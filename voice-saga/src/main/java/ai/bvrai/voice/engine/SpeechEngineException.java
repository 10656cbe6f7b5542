package ai.bvrai.voice.engine;

/** A speech engine failed; the voice runtime falls back or ends the call with reason ERROR. */
public class SpeechEngineException extends RuntimeException {

    public SpeechEngineException(String message, Throwable cause) {
        super(message, cause);
    }

    public SpeechEngineException(String message) {
        super(message);
    }
}
