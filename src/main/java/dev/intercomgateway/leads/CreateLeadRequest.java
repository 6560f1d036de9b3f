package dev.intercomgateway.leads;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

import dev.intercomgateway.web.ApiConstraints;

/** A new lead: at least one of email, name or phone, so that it can be found again. */
public record CreateLeadRequest(
        @Schema(example = "prospect@example.com") @Email @Size(max = ApiConstraints.MAX_TEXT_LENGTH) String email,
        @Schema(example = "Prospect from the pricing page") @Size(max = ApiConstraints.MAX_TEXT_LENGTH) String name,
        @Schema(example = "+14155550123") @Size(max = 64) String phone) {

    @Schema(hidden = true)
    @AssertTrue(message = "email, name or phone is required")
    public boolean isSomethingKnown() {
        return !blank(email) || !blank(name) || !blank(phone);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
