package ai.bvrai.voice.llm;

import java.net.URI;

/**
 * Where and as whom an organization reaches a language model provider.
 *
 * @param baseUrl the provider's root without the API path (e.g. {@code https://api.openai.com}, not {@code …/v1});
 *                {@code null} for the provider's default
 * @param apiKey  the organization's key; required for OpenAI and Anthropic, optional for Ollama (sent as
 *                {@code Authorization: Bearer} to a proxy in front of it)
 */
public record ModelEndpoint(URI baseUrl, String apiKey) {

    /** Names the endpoint without its key (and without any user info in the URL), so it is safe to log. */
    @Override
    public String toString() {
        String url = baseUrl == null ? "default"
                : baseUrl.getScheme() + "://" + baseUrl.getHost() + (baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort())
                + (baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath());
        return "ModelEndpoint[baseUrl=" + url + ", apiKey=" + (apiKey == null || apiKey.isEmpty() ? "none" : "****") + "]";
    }
}
