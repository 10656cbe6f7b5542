package ai.bvrai.voice.transport.twilio;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Twilio's REST Calls API ({@code /2010-04-01/Accounts/{AccountSid}/Calls.json}) with HTTP basic auth
 * (account SID : auth token) and form parameters: place a call, end or cancel one, redirect one to new TwiML. Errors carry
 * Twilio's status and message, never the credentials.
 */
public class TwilioRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<String> baseUrl;
    private final HttpClient http;

    /** @param baseUrl Twilio's API root ({@code https://api.twilio.com}), read on each request */
    public TwilioRestClient(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The account a request runs as. */
    public record Account(String accountSid, String authToken) {
        @Override
        public String toString() {
            return "Account[" + accountSid + ", token masked]";
        }
    }

    /** Twilio refused or could not be reached. */
    public static class TwilioException extends RuntimeException {
        private final int status;

        TwilioException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Places a call; answers Twilio's call SID. */
    public String createCall(Account account, String to, String from, String twimlUrl, String statusCallback,
                             boolean machineDetection) {
        List<Map.Entry<String, String>> form = new ArrayList<>(List.of(
                Map.entry("To", to), Map.entry("From", from), Map.entry("Url", twimlUrl),
                Map.entry("StatusCallback", statusCallback), Map.entry("StatusCallbackMethod", "POST")));
        for (String event : List.of("initiated", "ringing", "answered", "completed")) {
            form.add(Map.entry("StatusCallbackEvent", event));
        }
        if (machineDetection) {
            form.add(Map.entry("MachineDetection", "Enable"));
        }
        return post(account, "/Calls.json", form).path("sid").asText();
    }

    /** Ends a call in progress ({@code Status=completed}). */
    public void hangUp(Account account, String callSid) {
        post(account, "/Calls/" + callSid + ".json", List.of(Map.entry("Status", "completed")));
    }

    /**
     * Cancels a call that is still queued or ringing ({@code Status=canceled}; Twilio leaves a call already in
     * progress alone).
     */
    public void cancel(Account account, String callSid) {
        post(account, "/Calls/" + callSid + ".json", List.of(Map.entry("Status", "canceled")));
    }

    /** Replaces the call's instructions with {@code twiml} (a transfer: {@code <Dial>}). */
    public void redirect(Account account, String callSid, String twiml) {
        post(account, "/Calls/" + callSid + ".json", List.of(Map.entry("Twiml", twiml)));
    }

    private JsonNode post(Account account, String path, List<Map.Entry<String, String>> form) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> field : form) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        String basic = Base64.getEncoder().encodeToString((account.accountSid() + ":" + account.authToken())
                .getBytes(StandardCharsets.UTF_8));
        String root = baseUrl.get().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + "/2010-04-01/Accounts/"
                        + URLEncoder.encode(account.accountSid(), StandardCharsets.UTF_8) + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TwilioException(0, "Twilio could not be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TwilioException(0, "interrupted");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        } catch (IOException e) {
            answer = JSON.createObjectNode();
        }
        if (response.statusCode() / 100 != 2) {
            throw new TwilioException(response.statusCode(), "Twilio answered " + response.statusCode()
                    + (answer.hasNonNull("message") ? ": " + answer.get("message").asText() : ""));
        }
        return answer;
    }
}
