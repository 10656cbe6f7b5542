package ai.bvrai.query.audit;

import ai.bvrai.api.agent.AgentArchivedEvent;
import ai.bvrai.api.agent.AgentConfigurationChangedEvent;
import ai.bvrai.api.agent.AgentCreatedEvent;
import ai.bvrai.api.agent.AgentPublishedEvent;
import ai.bvrai.api.agent.AgentRestoredEvent;
import ai.bvrai.api.audit.FieldChange;
import ai.bvrai.api.call.AgentTurnSpokenEvent;
import ai.bvrai.api.call.CallAnsweredEvent;
import ai.bvrai.api.call.CallConnectedEvent;
import ai.bvrai.api.call.CallDialedEvent;
import ai.bvrai.api.call.CallRingingEvent;
import ai.bvrai.api.call.DialedCallHangUpRequestedEvent;
import ai.bvrai.api.call.CallEndedEvent;
import ai.bvrai.api.call.CallRecordingStoredEvent;
import ai.bvrai.api.call.CallRequestedEvent;
import ai.bvrai.api.call.CallTransferredEvent;
import ai.bvrai.api.call.ProviderErrorRecordedEvent;
import ai.bvrai.api.call.ToolInvokedEvent;
import ai.bvrai.api.call.UserTurnTranscribedEvent;
import ai.bvrai.api.organization.OrganizationCreatedEvent;
import ai.bvrai.api.organization.OrganizationSettingsChangedEvent;
import ai.bvrai.api.organization.ProviderCredentialsRemovedEvent;
import ai.bvrai.api.organization.ProviderCredentialsSetEvent;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Events told in words for the audit timeline (never secrets, never transcript text). */
final class AuditActions {

    private AuditActions() {
    }

    static String entity(Object payload, String aggregateId) {
        String area = payload.getClass().getPackageName();
        if (area.endsWith(".agent")) {
            return "agent:" + aggregateId;
        }
        if (area.endsWith(".call")) {
            return "call:" + aggregateId;
        }
        if (area.endsWith(".organization")) {
            return "organization:" + aggregateId;
        }
        return aggregateId;
    }

    private static String article(String word) {
        return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

    static String describe(Object payload, List<FieldChange> changes) {
        return switch (payload) {
            case AgentCreatedEvent e -> "created agent \"" + e.configuration().name() + "\"";
            case AgentConfigurationChangedEvent e -> changes.isEmpty()
                    ? "saved agent \"" + e.configuration().name() + "\" without changes"
                    : "changed " + changes.stream().map(FieldChange::field).collect(Collectors.joining(", "))
                    + " of agent \"" + e.configuration().name() + "\"";
            case AgentPublishedEvent e -> "published version " + e.version() + " of agent \""
                    + e.configuration().name() + "\"";
            case AgentArchivedEvent e -> "archived the agent";
            case AgentRestoredEvent e -> "restored the agent";
            case CallRequestedEvent e -> "requested " + article(e.direction().name().toLowerCase(Locale.ROOT)) + " call to version " + e.agentVersion()
                    + " of agent " + e.agentId();
            case CallDialedEvent e -> "dialed the call (provider call " + e.providerCallId() + ")";
            case CallRingingEvent e -> "reported the callee's phone ringing";
            case CallAnsweredEvent e -> "reported the call answered" + (e.answeredBy() != null ? " (" + e.answeredBy() + ")" : "");
            case DialedCallHangUpRequestedEvent e -> (e.answered() ? "asked the provider to hang up call " : "asked the provider to cancel call ")
                    + e.providerCallId();
            case CallConnectedEvent e -> "connected the call";
            case UserTurnTranscribedEvent e -> "transcribed caller turn " + e.turn();
            case AgentTurnSpokenEvent e -> "spoke agent turn " + e.turn() + (e.interrupted() ? " (interrupted)" : "");
            case ToolInvokedEvent e -> "invoked tool " + e.toolName() + (e.error() != null ? " (failed)" : "");
            case ProviderErrorRecordedEvent e -> "recorded a " + e.stage() + " error of provider " + e.provider();
            case CallTransferredEvent e -> "transferred the call to " + e.toNumber();
            case CallEndedEvent e -> "ended the call (" + e.reason() + ") after " + (e.durationMs() / 1000) + " s";
            case CallRecordingStoredEvent e -> "stored the call's recording";
            case OrganizationCreatedEvent e -> "created organization \"" + e.name() + "\"";
            case OrganizationSettingsChangedEvent e -> "set the organization's time zone to " + e.timeZone();
            case ProviderCredentialsSetEvent e -> "set the " + e.provider() + " credentials (" + e.hint() + ")";
            case ProviderCredentialsRemovedEvent e -> "removed the " + e.provider() + " credentials";
            default -> payload.getClass().getSimpleName();
        };
    }
}
