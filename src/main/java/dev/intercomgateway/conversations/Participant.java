package dev.intercomgateway.conversations;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import dev.intercomgateway.intercom.IntercomIds;

/** Who writes or receives: an admin or a user, by Intercom id. */
public record Participant(
        @Schema(allowableValues = {"admin", "user"}, example = "admin") @NotNull @Pattern(regexp = "admin|user", message = "must be admin or user") String type,
        @Schema(example = "990001") @NotNull @Pattern(regexp = IntercomIds.REGEX) String id) {

    @JsonIgnore
    public boolean isAdmin() {
        return "admin".equals(type);
    }

    @JsonIgnore
    public boolean isUser() {
        return "user".equals(type);
    }
}
