package dev.intercomgateway.conversations;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import dev.intercomgateway.web.ApiConstraints;
import dev.intercomgateway.web.CodePoints;
import dev.intercomgateway.web.RequestRule;

/** A reply to a conversation; only admins can add notes. */
public record ReplyRequest(
        @Valid @NotNull Participant from,
        @Schema(example = "Thanks, that solved it!") @NotBlank @CodePoints(max = ApiConstraints.MAX_BODY_LENGTH) String body,
        @Schema(allowableValues = {"comment", "note"}, defaultValue = "comment")
        @Pattern(regexp = "comment|note", message = "must be comment or note") String messageType) {

    public String messageTypeOrDefault() {
        return messageType == null ? "comment" : messageType;
    }

    @Schema(hidden = true)
    @RequestRule(fields = {"message_type"}, message = "only an admin can add a note")
    public boolean isNoteFromAdmin() {
        return !"note".equals(messageType) || from == null || from.isAdmin();
    }
}
