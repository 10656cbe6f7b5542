/**
 * Offline speech recognition with Vosk. The English model ships inside this module's jar (unpacked by the build from
 * {@code com.alphacephei:vosk-model-en}) and is loaded once per JVM; each call gets its own native recognizer.
 */
package ai.bvrai.voice.stt;
