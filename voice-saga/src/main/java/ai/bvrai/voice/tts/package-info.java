/** Offline speech synthesis: FreeTTS (pure Java, provider {@code freetts}) and the flite binary (provider {@code flite}). */
package ai.bvrai.voice.tts;
