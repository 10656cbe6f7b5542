package ai.bvrai.voice.transport.twilio;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.call.CallDirection;
import ai.bvrai.api.call.CallRequestedEvent;
import ai.bvrai.api.call.DialedCallHangUpRequestedEvent;
import ai.bvrai.api.call.EndCallCommand;
import ai.bvrai.api.call.EndReason;
import ai.bvrai.api.call.RecordCallDialedCommand;

/**
 * Places the outbound phone calls the API requested: on {@code CallRequestedEvent} with direction OUTBOUND it asks
 * Twilio's REST API to dial, with the TwiML URL that connects the answered call to the Media Streams WebSocket and
 * the status callback that reports its progress (both signed by Twilio, both under
 * {@code bvrai.telephony.public-base-url}), and answering-machine detection on, then records Twilio's call SID on the
 * call ({@code RecordCallDialedCommand}). When Twilio refuses (or the organization has no Twilio account, or no public
 * URL is configured) the call ends with FAILED and the reason.
 * <p>
 * It also ends at Twilio the dialed calls that ended on the platform before a media stream connected
 * ({@code DialedCallHangUpRequestedEvent}: the API's hang-up, the connect deadline): {@code Status=canceled} while
 * queued or ringing, {@code Status=completed} once answered. A failure is logged; Twilio's TwiML request for a call
 * that ended anyway gets {@code <Hangup/>}.
 * <p>
 * A tracking processor of its own, one event per transaction, starting at the head of the stream when first
 * deployed (it must never dial the calls of the past); across replicas one node holds its token, so a call is dialed
 * once.
 */
@ProcessingGroup(OutboundDialer.PROCESSING_GROUP)
public class OutboundDialer {

    static final String PROCESSING_GROUP = "twilio-dialer";
    static final String TWIML_PATH = "/api/v1/telephony/twilio/outbound";
    static final String STATUS_PATH = "/api/v1/telephony/twilio/status";

    private static final Logger log = LoggerFactory.getLogger(OutboundDialer.class);

    private final TwilioAccounts accounts;
    private final TwilioRestClient rest;

    OutboundDialer(TwilioAccounts accounts, TwilioRestClient rest) {
        this.accounts = accounts;
        this.rest = rest;
    }

    static ConfigurerModule processor() {
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(PROCESSING_GROUP, c -> c.eventStore(), c -> TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing()
                        .andBatchSize(1)
                        .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
    }

    @EventHandler
    @DisallowReplay
    void on(CallRequestedEvent event, CommandGateway commands) {
        if (event.direction() != CallDirection.OUTBOUND) {
            return;
        }
        Optional<String> base = accounts.publicBaseUrl();
        Optional<TwilioRestClient.Account> account = accounts.account(event.organizationId());
        String failure = null;
        if (base.isEmpty()) {
            failure = "bvrai.telephony.public-base-url is not set: Twilio could not reach the platform";
        } else if (account.isEmpty()) {
            failure = "the organization has no Twilio credentials";
        } else {
            String path = "/" + event.organizationId() + "/" + event.callId();
            try {
                String callSid = rest.createCall(account.get(), event.to(), event.from(),
                        base.get() + TWIML_PATH + path, base.get() + STATUS_PATH + path, true);
                log.info("Call {}: Twilio is dialing ({})", event.callId(), callSid);
                send(commands, event.organizationId(), new RecordCallDialedCommand(event.callId(), callSid))
                        .whenComplete((ok, notRecorded) -> {
                            if (notRecorded != null) {
                                log.warn("Call {}: Twilio's call SID {} not recorded: {}", event.callId(), callSid,
                                        notRecorded.getMessage());
                            }
                        });
            } catch (TwilioRestClient.TwilioException e) {
                failure = e.getMessage();
            }
        }
        if (failure != null) {
            log.warn("Call {}: could not be placed: {}", event.callId(), failure);
            send(commands, event.organizationId(), new EndCallCommand(event.callId(), EndReason.FAILED, failure));
        }
    }

    @EventHandler
    @DisallowReplay
    void on(DialedCallHangUpRequestedEvent event, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String organizationId) {
        Optional<TwilioRestClient.Account> account = organizationId == null ? Optional.empty() : accounts.account(organizationId);
        if (account.isEmpty()) {
            log.warn("Call {}: cannot end Twilio call {}: no Twilio credentials", event.callId(), event.providerCallId());
            return;
        }
        try {
            if (event.answered()) {
                rest.hangUp(account.get(), event.providerCallId());
            } else {
                rest.cancel(account.get(), event.providerCallId());
            }
            log.info("Call {}: Twilio call {} {}", event.callId(), event.providerCallId(),
                    event.answered() ? "hung up" : "canceled");
        } catch (TwilioRestClient.TwilioException e) {
            log.warn("Call {}: could not end Twilio call {}: {}", event.callId(), event.providerCallId(), e.getMessage());
        }
    }

    private static CompletableFuture<Object> send(CommandGateway commands, String organizationId, Object command) {
        return commands.send(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(MetadataKeys.ORGANIZATION_ID, organizationId)));
    }
}
