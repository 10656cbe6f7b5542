/**
 * The engines the voice runtime talks through: speech recognition, speech synthesis, voice activity detection.
 * Replies come from Spring AI's {@code ChatModel} (the offline responder is one). All audio is 16 kHz mono
 * PCM16 little-endian; transports convert at their edge (e.g. Twilio's 8 kHz μ-law).
 */
package ai.bvrai.voice.engine;
