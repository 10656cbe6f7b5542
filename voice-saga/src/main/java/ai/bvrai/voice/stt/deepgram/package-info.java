/**
 * Cloud speech recognition with Deepgram's live streaming API ({@code /v1/listen} over a WebSocket): one stream per
 * call, built per organization's API key.
 */
package ai.bvrai.voice.stt.deepgram;
