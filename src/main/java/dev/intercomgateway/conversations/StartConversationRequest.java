package dev.intercomgateway.conversations;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.intercomgateway.web.ApiConstraints;

/**
 * Starts a conversation, in one of two forms: as a user ({@code from} a user, with a body), or as an
 * admin writing to a user ({@code from} an admin, {@code to} a user, a message type, optionally a
 * subject and an admin to assign the conversation to).
 */
public record StartConversationRequest(
        @Valid @NotNull Participant from,
        @Valid Participant to,
        @Schema(allowableValues = {"inapp", "email"}, description = "Required when from is an admin")
        @Pattern(regexp = "inapp|email", message = "must be inapp or email") String messageType,
        @Schema(description = "Required for email messages") @Size(max = ApiConstraints.MAX_TEXT_LENGTH) String subject,
        @Schema(example = "Hi! Can I help you set up your account?") @NotBlank @Size(max = ApiConstraints.MAX_BODY_LENGTH) String body,
        @Valid Participant assignee) {

    @JsonIgnore
    public boolean isFromAdmin() {
        return from != null && from.isAdmin();
    }

    @Schema(hidden = true)
    @AssertTrue(message = "a user-started conversation takes only from and body")
    public boolean isUserFormComplete() {
        return from == null || !from.isUser() || (to == null && messageType == null && subject == null && assignee == null);
    }

    @Schema(hidden = true)
    @AssertTrue(message = "an admin message needs to (a user) and message_type")
    public boolean isAdminFormComplete() {
        return from == null || !from.isAdmin() || (to != null && to.isUser() && messageType != null);
    }

    @Schema(hidden = true)
    @AssertTrue(message = "subject is required for email messages")
    public boolean isEmailSubjectPresent() {
        return !"email".equals(messageType) || (subject != null && !subject.isBlank());
    }

    @Schema(hidden = true)
    @AssertTrue(message = "assignee must be an admin")
    public boolean isAssigneeAnAdmin() {
        return assignee == null || assignee.isAdmin();
    }
}
