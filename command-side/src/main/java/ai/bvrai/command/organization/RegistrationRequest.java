package ai.bvrai.command.organization;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.text.Normalizer;
import java.util.Locale;

/** Sign-up input. The password rule is a floor; Keycloak's realm password policy may ask for more. */
record RegistrationRequest(
        @NotBlank @Size(min = 2, max = 100) @Pattern(regexp = ".*[\\p{L}\\p{N}].*", message = "must contain a letter or digit")
        String organizationName,
        @NotBlank @Email @Size(max = 254) String email,
        @NotBlank @Size(min = 10, max = 128, message = "must be 10 to 128 characters") String password,
        @NotBlank @Size(max = 100) String firstName,
        @NotBlank @Size(max = 100) String lastName) {

    /** The organization's short name: lower-case letters, digits and dashes, from its display name. */
    String alias() {
        String ascii = Normalizer.normalize(organizationName.strip(), Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String alias = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (alias.isEmpty()) {
            alias = "org";
        }
        return alias.length() > 50 ? alias.substring(0, 50) : alias;
    }
}
