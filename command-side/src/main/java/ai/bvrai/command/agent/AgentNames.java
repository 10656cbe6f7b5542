package ai.bvrai.command.agent;

import ai.bvrai.api.agent.AgentConfigurationChangedEvent;
import ai.bvrai.api.agent.AgentCreatedEvent;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * The set-based rule "agent names are unique within an organization" (case-insensitive; an archived agent
 * keeps its name so it can be restored). The command handler asks {@link #requireAvailable} for a clear
 * error; this subscribing handler writes the name in the command's own transaction, where the table's
 * unique key settles races between nodes: the losing command rolls back whole.
 */
@Component
@ProcessingGroup(AgentNames.PROCESSING_GROUP)
class AgentNames {

    static final String PROCESSING_GROUP = "agent-names";

    private final JdbcClient jdbc;

    AgentNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void requireAvailable(String organizationId, String name, String agentId) {
        boolean taken = jdbc.sql("""
                        SELECT count(*) FROM agent_name
                        WHERE organization_id = :organization AND name_key = :key AND agent_id <> :agent""")
                .param("organization", organizationId)
                .param("key", key(name))
                .param("agent", agentId)
                .query(Long.class).single() > 0;
        if (taken) {
            throw nameTaken(name);
        }
    }

    @EventHandler
    void on(AgentCreatedEvent event) {
        claim(event.agentId(), event.organizationId(), event.configuration().name());
    }

    @EventHandler
    void on(AgentConfigurationChangedEvent event) {
        String organizationId = jdbc.sql("SELECT organization_id FROM agent_name WHERE agent_id = :agent")
                .param("agent", event.agentId()).query(String.class).single();
        jdbc.sql("DELETE FROM agent_name WHERE agent_id = :agent").param("agent", event.agentId()).update();
        claim(event.agentId(), organizationId, event.configuration().name());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM agent_name").update();
    }

    private void claim(String agentId, String organizationId, String name) {
        try {
            jdbc.sql("INSERT INTO agent_name (agent_id, organization_id, name_key) VALUES (:agent, :organization, :key)")
                    .param("agent", agentId)
                    .param("organization", organizationId)
                    .param("key", key(name))
                    .update();
        } catch (DuplicateKeyException e) {
            throw nameTaken(name);
        }
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private static DomainException nameTaken(String name) {
        return new DomainException(ErrorCode.AGENT_NAME_TAKEN,
                "An agent named '" + name.strip() + "' already exists in your organization.");
    }
}
