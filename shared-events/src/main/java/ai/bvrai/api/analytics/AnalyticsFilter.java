package ai.bvrai.api.analytics;

import java.time.LocalDate;

/**
 * Which calls an analytics answer covers: the organization's calls requested on the local dates {@code from} to
 * {@code to} (both inclusive; local in the time zone the organization had when each call was requested),
 * optionally of one agent and one of its versions.
 */
public record AnalyticsFilter(String organizationId, LocalDate from, LocalDate to, String agentId,
                              Integer agentVersion) {
}
