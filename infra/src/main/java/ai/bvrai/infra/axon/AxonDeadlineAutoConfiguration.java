package ai.bvrai.infra.axon;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import org.axonframework.springboot.autoconfig.AxonDbSchedulerAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;

/**
 * Durable deadlines in PostgreSQL. Axon's Spring Boot support registers no deadline manager of its own (sagas
 * would otherwise get the in-memory one, losing every deadline on restart): this configuration supplies the
 * db-scheduler {@link Scheduler} on the Flyway-owned {@code scheduled_tasks} table ({@code db/migration/axon}),
 * and Axon's {@link AxonDbSchedulerAutoConfiguration}, which activates on that bean, adds the
 * {@code DbSchedulerDeadlineManager}, its task, and a {@code DbSchedulerEventScheduler}.
 * <ul>
 *   <li><b>Atomic with the saga:</b> the scheduler writes through a {@link TransactionAwareDataSourceProxy}, so a
 *       deadline scheduled or cancelled while a saga handles an event commits or rolls back with the saga's state
 *       and the processor's token.</li>
 *   <li><b>Cluster-safe:</b> every node polls (every {@code bvrai.deadlines.polling-interval}, 1 s by default); a
 *       due deadline is claimed with {@code SELECT … FOR UPDATE SKIP LOCKED} plus an optimistic version check, so it
 *       fires on one node. Executions heart-beat; one whose node died is picked up again by another node.</li>
 *   <li><b>At least once:</b> a deadline whose handler fails, or whose node dies mid-way, runs again, so deadline
 *       handlers send idempotent commands.</li>
 * </ul>
 * The scheduler starts after everything else (Axon's sagas and processors are registered by then) and stops first.
 */
@AutoConfiguration(before = AxonDbSchedulerAutoConfiguration.class)
@ConditionalOnProperty(prefix = "bvrai.deadlines", name = "enabled", matchIfMissing = true)
public class AxonDeadlineAutoConfiguration {

    @Bean(destroyMethod = "")                                        // stopped by deadlineSchedulerLifecycle
    @ConditionalOnMissingBean
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks,
                                @Value("${bvrai.deadlines.polling-interval:1s}") Duration pollingInterval,
                                @Value("${bvrai.deadlines.threads:4}") int threads,
                                @Value("${bvrai.deadlines.heartbeat-interval:10s}") Duration heartbeatInterval) {
        DataSource transactional = dataSource instanceof TransactionAwareDataSourceProxy
                ? dataSource : new TransactionAwareDataSourceProxy(dataSource);
        return Scheduler.create(transactional, tasks)
                .tableName("scheduled_tasks")
                .pollingInterval(pollingInterval)
                .pollUsingLockAndFetch(0.5, 1.0)
                .threads(threads)
                .heartbeatInterval(heartbeatInterval)
                .shutdownMaxWait(Duration.ofSeconds(10))
                .alwaysPersistTimestampInUTC()
                .build();
    }

    @Bean
    SmartLifecycle deadlineSchedulerLifecycle(Scheduler deadlineScheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                deadlineScheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                deadlineScheduler.stop();
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE;                            // start last, stop first
            }
        };
    }
}
