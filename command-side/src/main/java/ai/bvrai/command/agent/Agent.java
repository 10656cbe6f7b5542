package ai.bvrai.command.agent;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.agent.AgentArchivedEvent;
import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.AgentConfigurationChangedEvent;
import ai.bvrai.api.agent.AgentCreatedEvent;
import ai.bvrai.api.agent.AgentPublishedEvent;
import ai.bvrai.api.agent.AgentRestoredEvent;
import ai.bvrai.api.agent.AgentStatus;
import ai.bvrai.api.agent.ArchiveAgentCommand;
import ai.bvrai.api.agent.ChangeAgentConfigurationCommand;
import ai.bvrai.api.agent.CreateAgentCommand;
import ai.bvrai.api.agent.AgentTool;
import ai.bvrai.api.agent.PromptTemplate;
import ai.bvrai.api.agent.PublishAgentCommand;
import ai.bvrai.api.agent.RestoreAgentCommand;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.error.ErrorDetails;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * A voice agent of one organization. Every command handler answers with the agent's revision after the
 * command (the sequence number of its newest event), which the API returns as the ETag. Loaded agents are cached
 * ({@link AgentCacheConfiguration}): a stale entry on another node loses the append race on the event stream, is
 * evicted on rollback, and the command gateway's retry reloads it.
 */
@Aggregate(cache = AgentCacheConfiguration.AGENT_CACHE)
class Agent {

    @AggregateIdentifier
    private String agentId;
    private String organizationId;
    private AgentConfiguration configuration;
    private AgentStatus status;
    private int latestVersion;
    private AgentConfiguration latestPublished;

    protected Agent() {
        // rebuilt from events by Axon
    }

    @CommandHandler
    Agent(CreateAgentCommand command, AgentNames names) {
        requireValidTemplates(command.configuration());
        names.requireAvailable(command.organizationId(), command.configuration().name(), command.agentId());
        apply(new AgentCreatedEvent(command.agentId(), command.organizationId(), command.configuration()));
    }

    @CommandHandler
    long handle(ChangeAgentConfigurationCommand command,
                @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization, AgentNames names) {
        requireSameOrganization(callerOrganization);
        requireNotArchived("changed");
        AgentConfiguration changed = configuration.apply(command.patch());
        if (changed.equals(configuration)) {
            return getVersion();                                    // nothing changes: a documented no-op
        }
        requireValidTemplates(changed);
        if (!changed.name().equalsIgnoreCase(configuration.name())) {
            names.requireAvailable(organizationId, changed.name(), agentId);
        }
        apply(new AgentConfigurationChangedEvent(agentId, changed));
        return getVersion();
    }

    @CommandHandler
    long handle(PublishAgentCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        requireNotArchived("published");
        if (configuration.equals(latestPublished)) {
            return getVersion();                                    // the newest version already is this configuration
        }
        apply(new AgentPublishedEvent(agentId, latestVersion + 1, configuration));
        return getVersion();
    }

    @CommandHandler
    long handle(ArchiveAgentCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        if (status != AgentStatus.ARCHIVED) {
            apply(new AgentArchivedEvent(agentId));
        }
        return getVersion();
    }

    @CommandHandler
    long handle(RestoreAgentCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        if (status == AgentStatus.ARCHIVED) {
            apply(new AgentRestoredEvent(agentId));
        }
        return getVersion();
    }

    @EventSourcingHandler
    void on(AgentCreatedEvent event) {
        agentId = event.agentId();
        organizationId = event.organizationId();
        configuration = event.configuration();
        status = AgentStatus.DRAFT;
    }

    @EventSourcingHandler
    void on(AgentConfigurationChangedEvent event) {
        configuration = event.configuration();
    }

    @EventSourcingHandler
    void on(AgentPublishedEvent event) {
        latestVersion = event.version();
        latestPublished = event.configuration();
        status = AgentStatus.PUBLISHED;
    }

    @EventSourcingHandler
    void on(AgentArchivedEvent event) {
        status = AgentStatus.ARCHIVED;
    }

    @EventSourcingHandler
    void on(AgentRestoredEvent event) {
        status = latestVersion > 0 ? AgentStatus.PUBLISHED : AgentStatus.DRAFT;
    }

    /** Another organization's agent does not exist as far as the caller can tell. */
    private void requireSameOrganization(String callerOrganization) {
        if (!Objects.equals(organizationId, callerOrganization)) {
            throw new DomainException(ErrorCode.AGENT_NOT_FOUND, "No agent " + agentId + ".");
        }
    }

    private void requireNotArchived(String action) {
        if (status == AgentStatus.ARCHIVED) {
            throw new DomainException(ErrorCode.AGENT_ARCHIVED,
                    "Agent " + agentId + " is archived and cannot be " + action + "; restore it first.");
        }
    }

    private static void requireValidTemplates(AgentConfiguration configuration) {
        List<ErrorDetails.FieldError> errors = new ArrayList<>();
        checkTemplate("systemPrompt", configuration.systemPrompt(), errors);
        checkTemplate("firstMessage", configuration.firstMessage(), errors);
        if (!errors.isEmpty()) {
            throw new DomainException(ErrorCode.INVALID_TEMPLATE, "A template is malformed.", errors);
        }
        requireValidTools(configuration.tools());
    }

    /** Tool names are unique (ignoring case) and not built in; parameters are a JSON Schema of an object. */
    private static void requireValidTools(List<AgentTool> tools) {
        List<ErrorDetails.FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            AgentTool tool = tools.get(i);
            String name = tool.name().toLowerCase(Locale.ROOT);
            if (name.equals(AgentTool.END_CALL) || name.equals(AgentTool.TRANSFER_CALL)) {
                errors.add(new ErrorDetails.FieldError("tools[" + i + "].name", "is the name of a built-in tool"));
            } else if (!seen.add(name)) {
                errors.add(new ErrorDetails.FieldError("tools[" + i + "].name", "is used by another tool of this agent"));
            }
            if (!"object".equals(tool.parameters().get("type"))) {
                errors.add(new ErrorDetails.FieldError("tools[" + i + "].parameters",
                        "must be a JSON Schema with \"type\": \"object\""));
            } else if (tool.parameters().containsKey("properties") && !(tool.parameters().get("properties") instanceof Map)) {
                errors.add(new ErrorDetails.FieldError("tools[" + i + "].parameters.properties", "must be an object"));
            }
        }
        if (!errors.isEmpty()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "A tool definition is invalid.", errors);
        }
    }

    private static void checkTemplate(String field, String text, List<ErrorDetails.FieldError> errors) {
        try {
            PromptTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            errors.add(new ErrorDetails.FieldError(field, e.getMessage()));
        }
    }
}
