package ai.bvrai.query.agents;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.agent.AgentArchivedEvent;
import ai.bvrai.api.agent.AgentConfigurationChangedEvent;
import ai.bvrai.api.agent.AgentCreatedEvent;
import ai.bvrai.api.agent.AgentPage;
import ai.bvrai.api.agent.AgentPublishedEvent;
import ai.bvrai.api.agent.AgentRestoredEvent;
import ai.bvrai.api.agent.AgentStatus;
import ai.bvrai.api.agent.AgentVersionView;
import ai.bvrai.api.agent.AgentView;
import ai.bvrai.api.agent.FindAgentQuery;
import ai.bvrai.api.agent.FindAgentVersionQuery;
import ai.bvrai.api.agent.FindAgentVersionsQuery;
import ai.bvrai.api.agent.FindAgentsQuery;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The agents read model: one row per agent with its current configuration, one per published version.
 * Handlers are idempotent (an event at or below the row's revision is skipped), so redelivery and replay are safe.
 */
@Component
@ProcessingGroup(AgentProjection.PROCESSING_GROUP)
class AgentProjection {

    static final String PROCESSING_GROUP = "agent-projection";

    private final AgentRepository agents;
    private final AgentVersionRepository versions;
    private final QueryUpdateEmitter updates;

    AgentProjection(AgentRepository agents, AgentVersionRepository versions, QueryUpdateEmitter updates) {
        this.agents = agents;
        this.versions = versions;
        this.updates = updates;
    }

    @EventHandler
    void on(AgentCreatedEvent event, @SequenceNumber long revision, @Timestamp Instant at) {
        if (agents.existsById(event.agentId())) {
            return;
        }
        AgentEntity agent = new AgentEntity(event.agentId(), event.organizationId(), event.configuration(), at);
        agent.touched(revision, at);
        emit(agents.save(agent));
    }

    @EventHandler
    void on(AgentConfigurationChangedEvent event, @SequenceNumber long revision, @Timestamp Instant at) {
        change(event.agentId(), revision, at, agent -> agent.configure(event.configuration()));
    }

    @EventHandler
    void on(AgentPublishedEvent event, @SequenceNumber long revision, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.USER_ID) String publishedBy) {
        change(event.agentId(), revision, at, agent -> {
            agent.published(event.version());
            versions.save(new AgentVersionEntity(event.agentId(), event.version(), agent.organizationId(),
                    event.configuration(), at, publishedBy));
        });
    }

    @EventHandler
    void on(AgentArchivedEvent event, @SequenceNumber long revision, @Timestamp Instant at) {
        change(event.agentId(), revision, at, AgentEntity::archived);
    }

    @EventHandler
    void on(AgentRestoredEvent event, @SequenceNumber long revision, @Timestamp Instant at) {
        change(event.agentId(), revision, at, AgentEntity::restored);
    }

    @ResetHandler
    void reset() {
        versions.deleteAllInBatch();
        agents.deleteAllInBatch();
    }

    @QueryHandler
    AgentView handle(FindAgentQuery query) {
        return agents.findByAgentIdAndOrganizationId(query.agentId(), query.organizationId())
                .map(AgentEntity::toView).orElse(null);
    }

    @QueryHandler
    AgentPage handle(FindAgentsQuery query) {
        Specification<AgentEntity> filter = (root, q, cb) -> cb.equal(root.get("organizationId"), query.organizationId());
        if (query.status() != null) {
            filter = filter.and((root, q, cb) -> cb.equal(root.get("status"), query.status()));
        } else if (!query.includeArchived()) {
            filter = filter.and((root, q, cb) -> cb.notEqual(root.get("status"), AgentStatus.ARCHIVED));
        }
        if (query.nameContains() != null && !query.nameContains().isBlank()) {
            String pattern = "%" + escapeLike(query.nameContains().strip().toLowerCase(Locale.ROOT)) + "%";
            filter = filter.and((root, q, cb) -> cb.like(cb.lower(root.get("name")), pattern, '\\'));
        }
        Page<AgentEntity> page = agents.findAll(filter, PageRequest.of(query.page(), query.size(),
                Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("agentId"))));
        return new AgentPage(page.map(AgentEntity::toView).getContent(), query.page(), query.size(),
                page.getTotalElements(), page.getTotalPages());
    }

    @QueryHandler
    List<AgentVersionView> handle(FindAgentVersionsQuery query) {
        return versions.findByAgentIdAndOrganizationIdOrderByVersion(query.agentId(), query.organizationId())
                .stream().map(AgentVersionEntity::toView).toList();
    }

    @QueryHandler
    AgentVersionView handle(FindAgentVersionQuery query) {
        return versions.findByAgentIdAndOrganizationIdAndVersion(query.agentId(), query.organizationId(), query.version())
                .map(AgentVersionEntity::toView).orElse(null);
    }

    private void change(String agentId, long revision, Instant at, Consumer<AgentEntity> change) {
        agents.findById(agentId).filter(agent -> agent.isBehind(revision)).ifPresent(agent -> {
            change.accept(agent);
            agent.touched(revision, at);
            emit(agent);
        });
    }

    private void emit(AgentEntity agent) {
        AgentView view = agent.toView();
        updates.emit(FindAgentQuery.class,
                query -> query.agentId().equals(view.agentId()) && query.organizationId().equals(agent.organizationId()),
                view);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
