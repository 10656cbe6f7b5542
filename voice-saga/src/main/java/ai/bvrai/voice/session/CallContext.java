package ai.bvrai.voice.session;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import ai.bvrai.api.agent.AgentConfiguration;

/**
 * What a voice session needs to know about its call: whose it is, the pinned agent version's configuration, the
 * effective template variables (the agent's defaults overlaid with the call's), the numbers (null on a web call)
 * and the organization's time zone.
 */
public record CallContext(String callId, String organizationId, String agentId, int agentVersion,
                          AgentConfiguration configuration, Map<String, String> variables, String from, String to,
                          String timeZone) {

    public CallContext {
        Map<String, String> effective = new HashMap<>();
        if (configuration.variables() != null) {
            effective.putAll(configuration.variables());
        }
        if (variables != null) {
            effective.putAll(variables);
        }
        variables = Map.copyOf(effective);
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
    }

    /** A web call of the given variables in UTC. */
    public CallContext(String callId, String organizationId, String agentId, int agentVersion,
                       AgentConfiguration configuration, Map<String, String> variables) {
        this(callId, organizationId, agentId, agentVersion, configuration, variables, null, null, "UTC");
    }

    /**
     * The variables a prompt is rendered with at {@code now}: the built-ins ({@code caller_number},
     * {@code agent_number}, {@code current_date}, {@code current_time}, {@code current_datetime},
     * {@code day_of_week}, {@code time_zone}, in the organization's zone; see {@code PromptTemplate.BUILT_INS})
     * under the agent's and the call's own values, which win.
     */
    public Map<String, String> variablesAt(Instant now) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            zone = ZoneId.of("UTC");
        }
        ZonedDateTime local = now.atZone(zone);
        Locale locale = Locale.forLanguageTag(configuration.language());
        Map<String, String> all = new HashMap<>();
        all.put("caller_number", from != null ? from : "unknown");
        all.put("agent_number", to != null ? to : "unknown");
        all.put("current_date", local.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale)));
        all.put("current_time", local.format(DateTimeFormatter.ofPattern("HH:mm")));
        all.put("current_datetime", local.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        all.put("day_of_week", local.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, locale));
        all.put("time_zone", zone.getId());
        all.putAll(variables);
        return Map.copyOf(all);
    }
}
