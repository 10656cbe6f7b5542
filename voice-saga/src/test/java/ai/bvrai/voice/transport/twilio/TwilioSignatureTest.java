package ai.bvrai.voice.transport.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Against the examples Twilio publishes with its request validators (auth token {@code 12345}). */
class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

    private static Map<String, List<String>> documentedParams() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        // deliberately not in name order: the algorithm sorts
        params.put("To", List.of("+18005551212"));
        params.put("CallSid", List.of("CA1234567890ABCDE"));
        params.put("From", List.of("+14158675309"));
        params.put("Digits", List.of("1234"));
        params.put("Caller", List.of("+14158675309"));
        return params;
    }

    @Test
    void givenTwilioDocumentedRequest_whenSigned_thenTheSignatureIsTwilios() {
        assertThat(TwilioSignature.compute(TOKEN, URL, documentedParams())).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        assertThat(TwilioSignature.valid(TOKEN, URL, documentedParams(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isTrue();
    }

    @Test
    void givenRepeatedParameters_whenSigned_thenEachDistinctValueCountsInSortedOrder() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("Sid", List.of("CA123"));
        params.put("SidAccount", List.of("AC123"));
        params.put("Digits", List.of("5678", "1234", "1234"));
        assertThat(TwilioSignature.compute(TOKEN, URL, params)).isEqualTo("IK+Dwps556ElfBT0I3Rgjkr1wJU=");
    }

    @Test
    void givenTamperedInput_whenValidated_thenRefused() {
        Map<String, List<String>> tampered = documentedParams();
        tampered.put("Digits", List.of("9999"));
        assertThat(TwilioSignature.valid(TOKEN, URL, tampered, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, URL + "&extra=1", documentedParams(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
        assertThat(TwilioSignature.valid("other", URL, documentedParams(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, URL, documentedParams(), null)).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, URL, documentedParams(), "")).isFalse();
    }
}
