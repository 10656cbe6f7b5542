package ai.bvrai.query.analytics;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The analytics processor takes larger batches than the platform's default (100): nobody waits for one of its
 * updates (no read-your-writes), and a replay pays the per-batch costs — a transaction, the token update, one
 * batched upsert per table, the lookups of calls seen in earlier batches — once per 1000 events.
 */
@Configuration(proxyBeanMethods = false)
class AnalyticsProcessing {

    static final int BATCH_SIZE = 1_000;

    @Bean
    ConfigurerModule analyticsBatches() {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessorConfiguration(
                AnalyticsProjection.PROCESSING_GROUP,
                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(BATCH_SIZE));
    }
}
