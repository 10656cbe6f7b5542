package ai.bvrai.api.agent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTemplateTest {

    @Test
    void givenPlaceholdersWithAndWithoutSpaces_whenParsed_thenEveryVariableIsFound() {
        PromptTemplate template = PromptTemplate.parse("Hi {{ caller_name }}, this is {{company}}. {{company}} again.");

        assertThat(template.variables()).containsExactlyInAnyOrder("caller_name", "company");
    }

    @Test
    void givenPlainText_whenParsed_thenItHasNoVariables() {
        assertThat(PromptTemplate.parse("You are a helpful receptionist.").variables()).isEmpty();
    }

    @Test
    void givenAnUnclosedPlaceholder_whenParsed_thenTheErrorSaysWhere() {
        assertThatThrownBy(() -> PromptTemplate.parse("Hello {{name}} and {{ other"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("character 19");
    }

    @Test
    void givenAPlaceholderWithAnInvalidName_whenParsed_thenItIsRefused() {
        assertThatThrownBy(() -> PromptTemplate.parse("Hello {{1st-name}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed placeholder");
    }

    @Test
    void givenAStrayClosingBrace_whenParsed_thenItIsRefused() {
        assertThatThrownBy(() -> PromptTemplate.parse("Hello name}}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
