/** Voice activity detection without native code: frame energy against an adaptive noise floor. */
package ai.bvrai.voice.vad;
