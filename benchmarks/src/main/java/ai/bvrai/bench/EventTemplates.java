package ai.bvrai.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * The shape of the platform's real agent events, copied from the event store after the REST phase: for every
 * plain-JDBC command a fresh payload and metadata are rendered from the real row (new agent id, name, prompt,
 * correlation and trace ids) and serialized with Jackson, so the bytes written have the same structure and size.
 */
final class EventTemplates {

    record Template(String type, String payloadType, String payloadRevision, JsonNode payload, JsonNode metadata,
                    String agentId, String source) {
    }

    private final ObjectMapper json;
    final Template created;
    final Template changed;

    private EventTemplates(ObjectMapper json, Template created, Template changed) {
        this.json = json;
        this.created = created;
        this.changed = changed;
    }

    /** Templates from the real events of one agent the REST phase created (and updated, when it did). */
    static EventTemplates fromEventStore(Connection connection, ObjectMapper json, String agentId, int promptChars)
            throws SQLException, java.io.IOException {
        Template created = null;
        Template changed = null;
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT sequence_number, type, payload_type, payload_revision, payload, meta_data
                FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number <= 1
                ORDER BY sequence_number""")) {
            select.setString(1, agentId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Template t = new Template(rows.getString(2), rows.getString(3), rows.getString(4),
                            json.readTree(rows.getBytes(5)), rows.getBytes(6) == null ? null : json.readTree(rows.getBytes(6)),
                            agentId, "domain_event_entry");
                    if (rows.getLong(1) == 0) created = t; else changed = t;
                }
            }
        }
        EventTemplates synthetic = synthesized(json, promptChars);
        return new EventTemplates(json, created != null ? created : synthetic.created,
                changed != null ? changed : synthetic.changed);
    }

    /** When no REST phase ran: JSON of the same structure as the platform's agent events (sizes approximate). */
    static EventTemplates synthesized(ObjectMapper json, int promptChars) {
        String agentId = UUID.randomUUID().toString();
        ObjectNode configuration = json.createObjectNode()
                .put("name", "template")
                .put("systemPrompt", Prompts.systemPrompt("template", 0, promptChars))
                .put("firstMessage", "Hello! How can I help you today?")
                .put("language", "en-US");
        configuration.putObject("voice").put("provider", "freetts").put("voiceId", "kevin16");
        configuration.putObject("stt").put("provider", "vosk").put("model", "vosk-model-en-us");
        configuration.putObject("llm").put("provider", "offline").put("model", "faq-retrieval")
                .put("temperature", 0.7).put("maxTokens", 256);
        configuration.put("maxCallDurationSeconds", 600).put("silenceTimeoutSeconds", 30);
        configuration.putArray("endCallPhrases").add("goodbye").add("bye bye");
        configuration.put("knowledge", "").putObject("variables");
        String organizationId = UUID.randomUUID().toString();
        ObjectNode createdPayload = json.createObjectNode().put("agentId", agentId).put("organizationId", organizationId);
        createdPayload.set("configuration", configuration);
        ObjectNode changedPayload = json.createObjectNode().put("agentId", agentId);
        changedPayload.set("configuration", configuration.deepCopy());
        ObjectNode metadata = json.createObjectNode()
                .put("traceId", UUID.randomUUID().toString()).put("correlationId", UUID.randomUUID().toString())
                .put("userId", UUID.randomUUID().toString()).put("organizationId", organizationId);
        return new EventTemplates(json,
                new Template("Agent", "ai.bvrai.api.agent.AgentCreatedEvent", "1", createdPayload, metadata, agentId, "synthesized"),
                new Template("Agent", "ai.bvrai.api.agent.AgentConfigurationChangedEvent", "1", changedPayload, metadata, agentId, "synthesized"));
    }

    byte[] payload(Template template, String agentId, String name, String prompt) throws java.io.IOException {
        JsonNode copy = template.payload().deepCopy();
        rewrite(copy, template.agentId(), agentId, name, prompt);
        return json.writeValueAsBytes(copy);
    }

    byte[] metadata(Template template, String agentId) throws java.io.IOException {
        if (template.metadata() == null) return null;
        JsonNode copy = template.metadata().deepCopy();
        rewrite(copy, template.agentId(), agentId, null, null);
        if (copy instanceof ObjectNode object) {
            for (String key : new String[]{"correlationId", "traceId"}) {
                if (object.has(key)) object.put(key, UUID.randomUUID().toString());
            }
        }
        return json.writeValueAsBytes(copy);
    }

    /** The organization the template's agent belongs to (payload first, then metadata). */
    String organizationId() {
        JsonNode fromPayload = created.payload().path("organizationId");
        if (fromPayload.isTextual()) return fromPayload.asText();
        return created.metadata() == null ? "bench-organization" : created.metadata().path("organizationId").asText("bench-organization");
    }

    private static void rewrite(JsonNode node, String oldAgentId, String agentId, String name, String prompt) {
        if (!(node instanceof ObjectNode object)) {
            if (node.isArray()) node.forEach(child -> rewrite(child, oldAgentId, agentId, name, prompt));
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                if (value.asText().equals(oldAgentId)) field.setValue(TextNode.valueOf(agentId));
                else if (name != null && field.getKey().equals("name")) field.setValue(TextNode.valueOf(name));
                else if (prompt != null && field.getKey().equals("systemPrompt")) field.setValue(TextNode.valueOf(prompt));
            } else {
                rewrite(value, oldAgentId, agentId, name, prompt);
            }
        }
    }
}
