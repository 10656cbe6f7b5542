package ai.bvrai.command.organization;

import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.error.ErrorDetails;
import ai.bvrai.api.organization.Provider;
import ai.bvrai.api.organization.RemoveProviderCredentialsCommand;
import ai.bvrai.api.organization.SealedSecret;
import ai.bvrai.api.organization.SetProviderCredentialsCommand;
import ai.bvrai.infra.credentials.ProviderCredentialStore;
import ai.bvrai.infra.credentials.ProviderCredentials;
import ai.bvrai.security.Caller;
import ai.bvrai.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An organization's own provider credentials. Admins set and remove them; every member may see which providers
 * are configured and by which hint (the hint is built to be shown; it is what an agent editor needs to choose a
 * provider). Secrets are answered by no route. Reads come from the command side's own table: it is the only
 * consistent source of hints and timestamps, and nothing else needs a projection of it.
 */
@RestController
@RequestMapping("/api/v1/organization/providers")
@Tag(name = "Organization")
class ProviderCredentialsController {

    private final CommandGateway commands;
    private final ProviderCredentials credentials;
    private final ProviderCredentialStore store;

    ProviderCredentialsController(CommandGateway commands, ProviderCredentials credentials, ProviderCredentialStore store) {
        this.commands = commands;
        this.credentials = credentials;
        this.store = store;
    }

    @GetMapping
    @PreAuthorize(Roles.CAN_READ)
    @Operation(summary = "Every provider: whether your organization set credentials (with their hint) and whether a platform default exists")
    List<ProviderStatus> list(@AuthenticationPrincipal Caller caller) {
        Map<Provider, ProviderCredentialStore.Stored> own = store.list(caller.requireOrganization()).stream()
                .collect(Collectors.toMap(ProviderCredentialStore.Stored::provider, Function.identity()));
        return Arrays.stream(Provider.values()).map(provider -> {
            Optional<ProviderCredentialStore.Stored> stored = Optional.ofNullable(own.get(provider));
            return new ProviderStatus(provider.wireName(), stored.isPresent(),
                    stored.map(ProviderCredentialStore.Stored::hint).orElse(null),
                    stored.map(ProviderCredentialStore.Stored::updatedAt).orElse(null),
                    stored.map(ProviderCredentialStore.Stored::reference).orElse(null),
                    credentials.platformDefault(provider).isPresent());
        }).toList();
    }

    @PutMapping("/{provider}")
    @PreAuthorize(Roles.IS_ADMIN)
    @Operation(summary = "Set or replace your organization's credentials for a provider; the answer shows only a hint")
    StoredCredentials put(@AuthenticationPrincipal Caller caller, @PathVariable("provider") String providerName,
                          @RequestBody CredentialsRequest request) {
        String organizationId = caller.requireOrganization();
        Provider provider = provider(providerName);
        Map<String, String> fields = request.validFor(provider);
        String reference = UUID.randomUUID().toString();
        SealedSecret sealed = credentials.seal(organizationId, provider, reference, fields);
        String hint = ProviderCredentials.hint(fields.get(provider.hintField()));
        commands.sendAndWait(new SetProviderCredentialsCommand(organizationId, provider, reference, hint, sealed));
        Instant updatedAt = store.find(organizationId, provider)
                .filter(stored -> stored.reference().equals(reference))
                .map(ProviderCredentialStore.Stored::updatedAt)
                .orElseGet(Instant::now);                       // replaced again meanwhile: this write's time is close
        return new StoredCredentials(provider.wireName(), hint, updatedAt, reference);
    }

    @DeleteMapping("/{provider}")
    @PreAuthorize(Roles.IS_ADMIN)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove your organization's credentials for a provider (calls fall back to the platform default)")
    void delete(@AuthenticationPrincipal Caller caller, @PathVariable("provider") String providerName) {
        String organizationId = caller.requireOrganization();
        commands.sendAndWait(new RemoveProviderCredentialsCommand(organizationId, provider(providerName)));
    }

    private static Provider provider(String name) {
        return Provider.named(name).orElseThrow(() -> new DomainException(ErrorCode.VALIDATION_FAILED,
                "Unknown provider; expected one of " + Arrays.stream(Provider.values()).map(Provider::wireName)
                        .collect(Collectors.joining(", ")) + ".",
                List.of(new ErrorDetails.FieldError("provider", "is not a known provider"))));
    }

    record StoredCredentials(String provider, String hint, Instant updatedAt, String reference) {
    }

    record ProviderStatus(String provider, boolean configured, String hint, Instant updatedAt, String reference,
                          boolean platformDefault) {
    }
}
