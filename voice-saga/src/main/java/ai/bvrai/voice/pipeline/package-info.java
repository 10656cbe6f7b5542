/**
 * The pieces of the real-time voice pipeline that hold no threads and talk to no engine: end-of-turn detection,
 * the barge-in rule, sentence chunking, real-time playout of agent audio and the estimate of what the caller heard,
 * prompt rendering and the stereo call recording. {@code ai.bvrai.voice.session} wires them per call.
 */
package ai.bvrai.voice.pipeline;
