package dev.intercomgateway.conversations;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import dev.intercomgateway.web.IntercomId;



/** Who writes or receives: an admin, or a contact (a user or a lead), by Intercom id. */
public record Participant(
        @Schema(allowableValues = {"admin", "user", "lead"}, example = "admin") @NotNull @Pattern(regexp = "admin|user|lead", message = "must be admin, user or lead") String type,
        @Schema(example = "990001") @NotNull @IntercomId String id) {

    @JsonIgnore
    public boolean isAdmin() {
        return "admin".equals(type);
    }

    /** A user or a lead: Intercom's contacts. */
    @JsonIgnore
    public boolean isContact() {
        return "user".equals(type) || "lead".equals(type);
    }
}
