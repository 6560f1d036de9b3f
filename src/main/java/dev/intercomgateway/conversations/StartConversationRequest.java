package dev.intercomgateway.conversations;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import dev.intercomgateway.intercom.IntercomIds;
import dev.intercomgateway.web.ApiConstraints;
import dev.intercomgateway.web.CodePoints;
import dev.intercomgateway.web.RequestRule;
import dev.intercomgateway.web.AdminId;

/**
 * Starts a conversation, in one of two forms: as a contact ({@code from} a user or a lead, with a
 * body), or as an admin writing to a contact ({@code from} an admin, {@code to} a user or a lead, a
 * message type, for email a subject and optionally a template, and an admin to assign the
 * conversation to).
 */
public record StartConversationRequest(
        @Valid @NotNull Participant from,
        @Valid Participant to,
        @Schema(allowableValues = {"in_app", "inapp", "email"}, description = "Required when from is an admin; `inapp` (the spelling of Intercom's SDKs) is accepted for `in_app`, "
                + "and answers say `in_app`")
        @Pattern(regexp = "in_app|inapp|email", message = "must be in_app (or inapp) or email") String messageType,
        @Schema(description = "Required for email messages") @CodePoints(max = ApiConstraints.MAX_TEXT_LENGTH) String subject,
        @Schema(allowableValues = {"plain", "personal"}, defaultValue = "plain", description = "Email only: Intercom's plain or personal style")
        @Pattern(regexp = "plain|personal", message = "must be plain or personal") String template,
        @Schema(example = "Hi! Can I help you set up your account?") @NotBlank @CodePoints(max = ApiConstraints.MAX_BODY_LENGTH) String body,
        @Valid AdminAssignee assignee) {

    /** The admin a started conversation is assigned to: only an admin, by Intercom's numeric admin id. */
    public record AdminAssignee(
            @Schema(allowableValues = {"admin"}, example = "admin") @NotNull @Pattern(regexp = "admin", message = "must be admin") String type,
            @Schema(example = "990001") @NotNull @AdminId String id) {
    }

    @JsonIgnore
    public boolean isFromAdmin() {
        return from != null && from.isAdmin();
    }

    static final int CONTACT_ID_LENGTH = 24;

    /**
     * The API's own spelling, which answers use: {@code in_app} or {@code email}; {@code inapp} (what
     * Intercom's SDKs and examples send) is taken as {@code in_app}.
     */
    @JsonIgnore
    public String messageTypeOrInApp() {
        return "inapp".equals(messageType) ? "in_app" : messageType;
    }

    @JsonIgnore
    public String templateOrDefault() {
        return template == null ? "plain" : template;
    }

    @Schema(hidden = true)
    @RequestRule(fields = {"to", "message_type", "subject", "template", "assignee"}, message = "a conversation started by a contact takes only from and body")
    public boolean isContactFormComplete() {
        return from == null || !from.isContact() || (to == null && messageType == null && subject == null && template == null && assignee == null);
    }

    @Schema(hidden = true)
    @RequestRule(fields = {"to"}, message = "an admin message needs to: a user or a lead")
    public boolean isAdminMessageAddressed() {
        return from == null || !from.isAdmin() || to != null;
    }

    @Schema(hidden = true)
    @RequestRule(fields = {"to.type"}, message = "an admin message goes to a user or a lead")
    public boolean isAdminMessageToAContact() {
        return from == null || !from.isAdmin() || to == null || to.type() == null || !to.isAdmin();
    }

    @Schema(hidden = true)
    @RequestRule(fields = {"message_type"}, message = "an admin message needs message_type")
    public boolean isAdminMessageTyped() {
        return from == null || !from.isAdmin() || messageType != null;
    }

    /** Intercom's {@code POST /conversations} takes a contact's 24-character id, nothing shorter or longer. */
    @Schema(hidden = true)
    @RequestRule(fields = {"from.id"}, message = "a contact's id is Intercom's 24-character id")
    public boolean isContactIdComplete() {
        return from == null || !from.isContact() || from.id() == null || from.id().length() == CONTACT_ID_LENGTH;
    }

    /** Intercom's {@code POST /messages} takes the sending admin's id as an integer. */
    @Schema(hidden = true)
    @RequestRule(fields = {"from.id"}, message = "an admin's id is a number")
    public boolean isAdminIdNumeric() {
        return from == null || !from.isAdmin() || from.id() == null || from.id().matches(IntercomIds.ADMIN_REGEX);
    }

    @Schema(hidden = true)
    @RequestRule(fields = {"template"}, message = "template applies to email messages only")
    public boolean isTemplateForEmail() {
        return template == null || "email".equals(messageType);
    }

    @Schema(hidden = true)
    @RequestRule(fields = {"subject"}, message = "subject is required for email messages")
    public boolean isEmailSubjectPresent() {
        return !"email".equals(messageType) || (subject != null && !subject.isBlank());
    }

}
