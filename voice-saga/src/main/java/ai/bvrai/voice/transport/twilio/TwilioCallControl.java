package ai.bvrai.voice.transport.twilio;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acting on a live Twilio call through the REST API with its organization's account: ending it and redirecting it
 * to a person ({@code <Dial>}). Runs on virtual threads, never on an audio thread; failures are logged (without
 * credentials) and complete the future normally: the media stream's close ends the call anyway.
 */
public class TwilioCallControl {

    private static final Logger log = LoggerFactory.getLogger(TwilioCallControl.class);

    private final TwilioAccounts accounts;
    private final TwilioRestClient rest;

    public TwilioCallControl(TwilioAccounts accounts, TwilioRestClient rest) {
        this.accounts = accounts;
        this.rest = rest;
    }

    public TwilioRestClient rest() {
        return rest;
    }

    public CompletableFuture<Void> hangUp(String organizationId, String callSid) {
        return run("hang up", organizationId, callSid, account -> rest.hangUp(account, callSid));
    }

    public CompletableFuture<Void> transfer(String organizationId, String callSid, String number) {
        return run("transfer", organizationId, callSid, account -> rest.redirect(account, callSid, TwiML.dial(number)));
    }

    private CompletableFuture<Void> run(String action, String organizationId, String callSid,
                                        java.util.function.Consumer<TwilioRestClient.Account> request) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().name("twilio-" + callSid).start(() -> {
            try {
                accounts.account(organizationId).ifPresentOrElse(request,
                        () -> log.warn("Cannot {} Twilio call {}: the organization has no Twilio credentials", action, callSid));
            } catch (TwilioRestClient.TwilioException e) {
                log.warn("Could not {} Twilio call {}: {}", action, callSid, e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Could not {} Twilio call {}", action, callSid, e);
            } finally {
                done.complete(null);
            }
        });
        return done;
    }
}
