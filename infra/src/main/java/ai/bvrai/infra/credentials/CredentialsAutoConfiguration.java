package ai.bvrai.infra.credentials;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The provider credentials store for every deployable on the platform's database: the command side writes it, the
 * voice runtime reads it (see {@link ProviderCredentialStore}).
 */
@AutoConfiguration(after = JdbcClientAutoConfiguration.class)
public class CredentialsAutoConfiguration {

    @Bean
    CredentialCipher credentialCipher(@Value("${bvrai.credentials.master-key:}") String masterKey,
                                      @Value("${bvrai.credentials.previous-keys:}") String previousKeys) {
        return new CredentialCipher(masterKey, previousKeys);
    }

    @Bean
    ProviderCredentialStore providerCredentialStore(JdbcClient jdbc) {
        return new ProviderCredentialStore(jdbc);
    }

    @Bean
    ProviderCredentials providerCredentials(ProviderCredentialStore store, CredentialCipher cipher, Environment environment) {
        return new ProviderCredentials(store, cipher, environment);
    }
}
