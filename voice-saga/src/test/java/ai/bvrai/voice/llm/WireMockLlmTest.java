package ai.bvrai.voice.llm;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import com.github.tomakehurst.wiremock.WireMockServer;

/** A WireMock server playing the providers and the models talking to it, for one test class; stubs reset per test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WireMockLlmTest {

    WireMockServer server;
    LanguageModels models;

    /** The models under test; override for other timeouts. */
    LanguageModels newModels() {
        return new LanguageModels();
    }

    @BeforeAll
    void start() {
        server = LlmTestSupport.startServer();
        models = newModels();
    }

    @AfterAll
    void stop() {
        models.close();
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }
}
