package ai.bvrai.bench;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.AgentConfigurationPatch;
import ai.bvrai.api.agent.ChangeAgentConfigurationCommand;
import ai.bvrai.api.agent.CreateAgentCommand;
import ai.bvrai.api.agent.LlmSettings;
import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.agent.VoiceSettings;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Agent writes sent straight to the in-process {@link CommandGateway}: the same commands the REST controller
 * sends for {@code POST}/{@code PATCH /api/v1/agents} (same defaults for the fields the REST body leaves out,
 * same prompt sizes), with the metadata the platform's dispatch interceptors would add for an API caller
 * (user, organization, correlation id). {@code sendAndWait}: the command is handled, its events appended and
 * committed (with the {@code agent_name} lookup row) on the calling thread; nothing waits for the projection.
 */
final class CommandBusTarget implements WriteTarget {

    // the defaults of command-side's CreateAgentRequest.toConfiguration() (package-private there)
    private static final VoiceSettings VOICE = new VoiceSettings("freetts", "kevin16");
    private static final SttSettings STT = new SttSettings("vosk", "vosk-model-en-us");
    private static final LlmSettings LLM = new LlmSettings("offline", "faq-retrieval", 0.7, 256);

    private final CommandGateway commands;
    private final String organizationId;
    private final String userId;
    private final int promptChars;

    CommandBusTarget(CommandGateway commands, String organizationId, String userId, int promptChars) {
        this.commands = commands;
        this.organizationId = organizationId;
        this.userId = userId;
        this.promptChars = promptChars;
    }

    String organizationId() {
        return organizationId;
    }

    @Override
    public Created create(int worker, String name) {
        String agentId = UUID.randomUUID().toString();
        AgentConfiguration configuration = new AgentConfiguration(name, Prompts.systemPrompt(name, 0, promptChars),
                "Hello! How can I help you today?", "en-US", VOICE, STT, LLM, 600, 30, 600,
                List.of("goodbye", "bye bye"), "", Map.of());
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                new CreateAgentCommand(agentId, organizationId, configuration)).andMetaData(metadata()));
        return new Created(agentId, false);
    }

    @Override
    public boolean update(int worker, String agentId, int n) throws Exception {
        AgentConfigurationPatch patch = new AgentConfigurationPatch(null, Prompts.systemPrompt(agentId, n, promptChars),
                null, null, null, null, null, null, null, null, null, null, null, null, null);
        Object revision = commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                new ChangeAgentConfigurationCommand(agentId, patch, null)).andMetaData(metadata()));
        if (!(revision instanceof Number r) || r.longValue() != n) {
            throw new CommandFailed(0, "ChangeAgentConfigurationCommand answered revision " + revision + ", expected " + n);
        }
        return false;
    }

    private Map<String, Object> metadata() {
        return Map.of(MetadataKeys.ORGANIZATION_ID, organizationId, MetadataKeys.USER_ID, userId,
                MetadataKeys.CORRELATION_ID, UUID.randomUUID().toString());
    }
}
