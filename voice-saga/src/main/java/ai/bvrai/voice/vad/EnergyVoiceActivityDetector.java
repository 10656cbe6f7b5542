package ai.bvrai.voice.vad;

import ai.bvrai.voice.audio.Pcm16;
import ai.bvrai.voice.engine.VoiceActivityDetector;

/**
 * Speech/silence from frame energy against an adaptive noise floor; no native code, no model.
 *
 * <ul>
 *   <li>Each 20 ms frame's level in dBFS is compared with the noise floor: {@link #MARGIN_DB} above it is even odds,
 *       and the probability rises steeply (logistic, {@link #SLOPE_DB} dB per e-fold) beyond.</li>
 *   <li>The floor follows quiet frames down at once, creeps up slowly ({@link #RISE_DB_PER_FRAME}) so speech does
 *       not become "noise", and jumps to the level of a stationary background (levels within
 *       {@link #STATIONARY_RANGE_DB} dB for {@link #STATIONARY_FRAMES} frames: a fan, line hiss) so steady noise stops
 *       counting as speech within half a second.</li>
 *   <li>Frames quieter than {@link #ABSOLUTE_GATE_DBFS} are never speech, whatever the floor.</li>
 * </ul>
 * It reports per-frame evidence with no hangover: end-of-turn logic decides how much silence ends a turn.
 * Stateful, one instance per call, not thread-safe.
 */
public final class EnergyVoiceActivityDetector implements VoiceActivityDetector {

    static final double INITIAL_FLOOR_DBFS = -60;
    static final double MARGIN_DB = 10;
    static final double SLOPE_DB = 2;
    static final double RISE_DB_PER_FRAME = 0.05;
    static final double ABSOLUTE_GATE_DBFS = -55;
    static final int STATIONARY_FRAMES = 25;
    static final double STATIONARY_RANGE_DB = 6;

    private final double[] recent = new double[STATIONARY_FRAMES];
    private int frames;
    private double floor = INITIAL_FLOOR_DBFS;

    @Override
    public float speechProbability(short[] frame) {
        double level = Pcm16.dbfs(frame);
        adapt(level);
        double aboveFloor = 1 / (1 + Math.exp(-(level - floor - MARGIN_DB) / SLOPE_DB));
        double aboveGate = 1 / (1 + Math.exp(-(level - ABSOLUTE_GATE_DBFS) / SLOPE_DB));
        return (float) (aboveFloor * aboveGate);
    }

    /** The current noise floor in dBFS (for diagnostics and tests). */
    public double noiseFloorDbfs() {
        return floor;
    }

    private void adapt(double level) {
        recent[frames++ % STATIONARY_FRAMES] = level;
        if (level < floor) {
            floor += 0.5 * (level - floor);
        } else {
            floor += Math.min(RISE_DB_PER_FRAME, level - floor);
        }
        if (frames >= STATIONARY_FRAMES) {
            double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0;
            for (double l : recent) {
                min = Math.min(min, l);
                max = Math.max(max, l);
                sum += l;
            }
            if (max - min <= STATIONARY_RANGE_DB) {
                floor = Math.max(floor, sum / STATIONARY_FRAMES);
            }
        }
    }
}
