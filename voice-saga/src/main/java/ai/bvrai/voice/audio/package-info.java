/**
 * Audio helpers for transports and engines: PCM16 little-endian ↔ samples and levels ({@link ai.bvrai.voice.audio.Pcm16}),
 * windowed-sinc rate conversion, streaming or whole-signal ({@link ai.bvrai.voice.audio.Resampler}), G.711 μ-law
 * ({@link ai.bvrai.voice.audio.MuLaw}) and WAV files ({@link ai.bvrai.voice.audio.Wav}). Telephone audio in:
 * μ-law decode at 8 kHz, then {@code Resampler(8000, 16000)}; out: {@code Resampler(16000, 8000)}, then encode. Keep one
 * streaming {@code Resampler} per call and direction.
 */
package ai.bvrai.voice.audio;
