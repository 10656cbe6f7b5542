/**
 * Cloud speech synthesis with ElevenLabs (provider {@code elevenlabs}) over its HTTP streaming endpoint; audio reaches
 * the sink while the sentence is still being generated, as 16 kHz PCM16 whether {@code pcm_16000} or
 * {@code ulaw_8000} travels.
 */
package ai.bvrai.voice.tts.elevenlabs;
