package ai.bvrai.voice.stt;

import ai.bvrai.voice.engine.RecognitionSession;
import ai.bvrai.voice.engine.SpeechEngineException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vosk.Recognizer;

/**
 * One call's Vosk recognizer. Vosk may close a segment by itself on a pause inside what our end-of-turn detection
 * still considers one utterance: such segment results are kept and prefixed to the partial and final text, so
 * nothing the caller said is lost.
 */
final class VoskRecognitionSession implements RecognitionSession {

    private final Recognizer recognizer;
    private final ObjectMapper json;
    private final StringBuilder closedSegments = new StringBuilder();
    private byte[] scratch = new byte[0];
    private boolean closed;

    VoskRecognitionSession(Recognizer recognizer, ObjectMapper json) {
        this.recognizer = recognizer;
        this.json = json;
    }

    @Override
    public String accept(byte[] pcm16, int offset, int length) {
        ensureOpen();
        byte[] data = pcm16;
        if (offset != 0) { // Vosk's API reads from index 0
            if (scratch.length < length) {
                scratch = new byte[length];
            }
            System.arraycopy(pcm16, offset, scratch, 0, length);
            data = scratch;
        }
        if (recognizer.acceptWaveForm(data, length)) {
            append(closedSegments, field(recognizer.getResult(), "text"));
            return closedSegments.toString();
        }
        return join(closedSegments, field(recognizer.getPartialResult(), "partial"));
    }

    @Override
    public String finishUtterance() {
        ensureOpen();
        String text = join(closedSegments, field(recognizer.getFinalResult(), "text"));
        closedSegments.setLength(0);
        recognizer.reset();
        return text;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            recognizer.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("recognition session is closed");
        }
    }

    private String field(String result, String name) {
        try {
            return json.readTree(result).path(name).asText("").strip();
        } catch (JsonProcessingException e) {
            throw new SpeechEngineException("Unreadable Vosk result: " + result, e);
        }
    }

    private static void append(StringBuilder to, String text) {
        if (!text.isEmpty()) {
            if (!to.isEmpty()) {
                to.append(' ');
            }
            to.append(text);
        }
    }

    private static String join(CharSequence first, String second) {
        if (first.isEmpty()) {
            return second;
        }
        return second.isEmpty() ? first.toString() : first + " " + second;
    }
}
