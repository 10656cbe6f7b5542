package ai.bvrai.api.analytics;

import java.util.List;

/** A time series with a point for every bucket of the range (zeros where nothing happened). */
public record CallVolumeSeries(AnalyticsInterval interval, List<CallVolumePoint> points, CallVolumePoint total,
                               ReadModelStatus readModel) {

    public CallVolumeSeries {
        points = List.copyOf(points);
    }
}
