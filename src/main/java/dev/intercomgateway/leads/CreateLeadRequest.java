package dev.intercomgateway.leads;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;

import dev.intercomgateway.web.ApiConstraints;
import dev.intercomgateway.web.CodePoints;
import dev.intercomgateway.web.RequestRule;

/** A new lead: at least one of email, name or phone, so that it can be found again. */
public record CreateLeadRequest(
        @Schema(example = "prospect@example.com") @Email @CodePoints(max = ApiConstraints.MAX_TEXT_LENGTH) String email,
        @Schema(example = "Prospect from the pricing page") @CodePoints(max = ApiConstraints.MAX_TEXT_LENGTH) String name,
        @Schema(example = "+14155550123") @CodePoints(max = 64) String phone) {

    @Schema(hidden = true)
    @RequestRule(fields = {"email", "name", "phone"}, message = "email, name or phone is required")
    public boolean isSomethingKnown() {
        return !blank(email) || !blank(name) || !blank(phone);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
