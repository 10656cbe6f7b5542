/**
 * Language models of the cloud providers through Spring AI: {@link ai.bvrai.voice.llm.LanguageModels} builds an
 * organization's {@code ChatModel} from its {@link ai.bvrai.voice.llm.ModelEndpoint} and an agent's chat options
 * (with tools that Spring AI executes while it streams), guards streams against truncation, and
 * {@link ai.bvrai.voice.llm.LlmFailures} classifies what fails for the resilience layer.
 */
package ai.bvrai.voice.llm;
