package dev.intercomgateway.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Contacts (users and leads) with Intercom's rules: unique external ids and user emails, a merged lead answering 410. */
final class SandboxContacts {

    private static final Set<String> CONTACT_TEXT_FIELDS = Set.of("external_id", "email", "phone", "name", "avatar", "owner_id");
    private static final Set<String> CONTACT_TIME_FIELDS = Set.of("signed_up_at", "last_seen_at");

    private final SandboxSequence sequence;
    private final Map<String, ObjectNode> contacts = new LinkedHashMap<>();
    private final Map<String, String> mergedInto = new LinkedHashMap<>();
    /** External id of a merged-away contact, to the id of the contact it was merged into. */
    private final Map<String, String> mergedExternalIds = new LinkedHashMap<>();

    SandboxContacts(SandboxSequence sequence) {
        this.sequence = sequence;
    }

    ObjectNode getContact(String id) {
        return require(id).deepCopy();
    }

    /**
     * {@code GET /contacts/find_by_external_id/{external_id}}: a user only, as Intercom's description says; for
     * a contact merged away, 410 {@code contact_merged} with the Link to the survivor, as for its id.
     */
    ObjectNode findUserByExternalId(String externalId) {
        for (ObjectNode contact : contacts.values()) {
            if ("user".equals(contact.get("role").asString()) && externalId.equals(SandboxJson.text(contact, "external_id"))) {
                return contact.deepCopy();
            }
        }
        String survivor = mergedExternalIds.get(externalId);
        if (survivor != null) {
            throw SandboxError.merged(survivor);
        }
        throw SandboxError.notFound("User Not Found");
    }

    ObjectNode require(String id) {
        ObjectNode contact = contacts.get(id);
        if (contact == null) {
            String survivor = mergedInto.get(id);
            if (survivor != null) {
                throw SandboxError.merged(survivor);
            }
            throw SandboxError.notFound("User Not Found");
        }
        return contact;
    }

    ObjectNode createContact(JsonNode request) {
        String role = request.has("role") ? SandboxJson.requiredText(request, "role") : "user";
        if (!role.equals("user") && !role.equals("lead")) {
            throw SandboxError.invalid("role must be user or lead");
        }
        if (role.equals("user") && blank(SandboxJson.text(request, "email")) && blank(SandboxJson.text(request, "external_id"))) {
            throw new SandboxError(400, "parameter_invalid", "A user must have an email or an external_id");
        }
        rejectDuplicate(null, request);
        long now = sequence.now();
        ObjectNode contact = SandboxJson.object()
                .put("type", "contact")
                .put("id", "6650%020x".formatted(sequence.next()))
                .put("workspace_id", "sandbox")
                .put("role", role);
        contact.putNull("external_id");
        contact.putNull("phone");
        contact.putNull("name");
        contact.putNull("signed_up_at");
        contact.putNull("last_seen_at");
        contact.put("created_at", now).put("updated_at", now)
                .put("has_hard_bounced", false).put("marked_email_as_spam", false).put("unsubscribed_from_emails", false);
        contact.putObject("custom_attributes");
        apply(contact, request);
        contacts.put(contact.get("id").asString(), contact);
        return contact.deepCopy();
    }

    ObjectNode updateContact(String id, JsonNode request) {
        ObjectNode contact = require(id);
        rejectDuplicate(id, request);
        if (request.hasNonNull("role")) {
            String role = SandboxJson.requiredText(request, "role");
            if (!role.equals("user") && !role.equals("lead")) {
                throw SandboxError.invalid("role must be user or lead");
            }
            contact.put("role", role);
        }
        apply(contact, request);
        contact.put("updated_at", sequence.now());
        return contact.deepCopy();
    }

    /** Writes the fields of a create or update request that are present; custom attributes are merged, a null removes one. */
    private static void apply(ObjectNode contact, JsonNode request) {
        for (String field : CONTACT_TEXT_FIELDS) {
            JsonNode value = request.get(field);
            if (value != null && !value.isNull()) {
                if (!value.isString()) {
                    throw SandboxError.invalid(field + " must be a string");
                }
                contact.put(field, value.asString());
            }
        }
        if (contact.hasNonNull("email")) {
            String email = contact.get("email").asString();
            contact.put("email_domain", email.substring(email.indexOf('@') + 1));
        }
        for (String field : CONTACT_TIME_FIELDS) {
            JsonNode value = request.get(field);
            if (value != null && !value.isNull()) {
                if (!value.canConvertToLong() || !value.isIntegralNumber()) {
                    throw SandboxError.invalid(field + " must be a unix timestamp in seconds");
                }
                contact.put(field, value.asLong());
            }
        }
        JsonNode attributes = request.get("custom_attributes");
        if (attributes != null && !attributes.isNull()) {
            if (!attributes.isObject()) {
                throw SandboxError.invalid("custom_attributes must be an object");
            }
            ObjectNode kept = (ObjectNode) contact.get("custom_attributes");
            attributes.properties().forEach(entry -> {
                if (entry.getValue().isNull()) {
                    kept.remove(entry.getKey());
                } else {
                    kept.set(entry.getKey(), entry.getValue().deepCopy());
                }
            });
        }
    }

    ObjectNode deleteContact(String id) {
        ObjectNode removed = require(id);
        contacts.remove(id);
        ObjectNode deleted = SandboxJson.object().put("type", "contact").put("id", id);
        deleted.set("external_id", removed.get("external_id"));
        return deleted.put("deleted", true);
    }

    /** {@code POST /contacts/merge}: a lead into a user; the lead's id then answers 410 pointing at the user. */
    ObjectNode mergeContacts(JsonNode request) {
        String fromId = SandboxJson.requiredText(request, "from");
        String intoId = SandboxJson.requiredText(request, "into");
        ObjectNode lead = require(fromId);
        ObjectNode user = require(intoId);
        if (!"lead".equals(lead.get("role").asString()) || !"user".equals(user.get("role").asString())) {
            throw SandboxError.invalid("Only a lead can be merged, and only into a user");
        }
        contacts.remove(fromId);
        mergedInto.put(fromId, intoId);
        String leadExternalId = SandboxJson.text(lead, "external_id");
        if (!blank(leadExternalId)) {
            mergedExternalIds.put(leadExternalId, intoId);
        }
        mergedInto.replaceAll((merged, survivor) -> survivor.equals(fromId) ? intoId : survivor);
        user.put("updated_at", sequence.now());
        return user.deepCopy();
    }

    /** {@code GET /contacts}: every contact, oldest first, in Intercom's cursor pages. */
    ObjectNode listContacts(int perPage, String startingAfter) {
        return SandboxPages.page("list", "data", new ArrayList<>(contacts.values()), contact -> contact.get("id").asString(), ObjectNode::deepCopy, perPage,
                startingAfter);
    }

    ObjectNode searchContacts(JsonNode search) {
        Predicate<JsonNode> filter = SandboxQuery.parse(search.get("query"));
        JsonNode pagination = search.get("pagination");
        int perPage = SandboxPages.perPage(pagination == null ? null : pagination.get("per_page"), 50);
        String startingAfter = SandboxJson.text(pagination, "starting_after");
        List<ObjectNode> matching = contacts.values().stream().filter(filter).toList();
        return SandboxPages.page("list", "data", matching, contact -> contact.get("id").asString(), ObjectNode::deepCopy, perPage, startingAfter);
    }

    private void rejectDuplicate(String selfId, JsonNode request) {
        String externalId = SandboxJson.text(request, "external_id");
        String email = SandboxJson.text(request, "email");
        for (ObjectNode other : contacts.values()) {
            String otherId = other.get("id").asString();
            if (otherId.equals(selfId)) {
                continue;
            }
            boolean sameExternalId = !blank(externalId) && externalId.equals(SandboxJson.text(other, "external_id"));
            boolean sameEmail = !blank(email) && email.equalsIgnoreCase(String.valueOf(SandboxJson.text(other, "email")))
                    && "user".equals(SandboxJson.text(other, "role"));
            if (sameExternalId || sameEmail) {
                throw new SandboxError(409, "conflict", "A contact matching those details already exists with id=" + otherId);
            }
        }
    }


    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
