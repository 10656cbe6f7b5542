/**
 * The browser transport: a WebSocket per call at {@code /api/v1/calls/{callId}/stream?token=…}, PCM16 16 kHz
 * binary frames both ways and JSON control messages (see docs/voice.md).
 */
package ai.bvrai.voice.transport.web;
