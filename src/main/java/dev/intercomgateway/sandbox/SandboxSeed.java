package dev.intercomgateway.sandbox;

import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/** Demo data, so that a newcomer's first request returns something. */
final class SandboxSeed {

    private SandboxSeed() {
    }

    static void load(SandboxStore store) {
        String ada = store.admins().addAdmin("Ada Support", "ada@example.com", "Support lead").get("id").asString();
        String ben = store.admins().addAdmin("Ben Success", "ben@example.com", "Customer success").get("id").asString();
        store.admins().addTeam("5001", "Support", java.util.List.of(ada));
        store.admins().addTeam("5002", "Billing", java.util.List.of(ada, ben));

        String grace = id(store.contacts().createContact(json(Map.of("role", "user", "external_id", "user-1001", "email", "grace@example.com",
                "phone", "+14155550101", "name", "Grace Hopper", "signed_up_at", 1_700_000_000L,
                "custom_attributes", Map.of("plan", "enterprise")))));
        store.contacts().createContact(json(Map.of("role", "user", "external_id", "user-1002", "email", "alan@example.com",
                "name", "Alan Turing", "signed_up_at", 1_700_100_000L, "custom_attributes", Map.of("plan", "starter"))));
        String linus = id(store.contacts().createContact(json(Map.of("role", "user", "external_id", "user-1003", "email", "linus@example.com",
                "name", "Linus Torvalds", "signed_up_at", 1_700_200_000L))));
        store.contacts().createContact(json(Map.of("role", "lead", "email", "visitor@example.com", "name", "Anonymous visitor")));

        String first = store.conversations().startConversationAsContact(json(Map.of(
                "from", Map.of("type", "user", "id", grace),
                "body", "Hi! How do I export my invoices?"))).get("conversation_id").asString();
        store.conversations().reply(first, json(Map.of("message_type", "comment", "type", "admin", "admin_id", ada,
                "body", "Hi Grace, go to Billing > Invoices and press Export.")));
        store.conversations().reply(first, json(Map.of("message_type", "comment", "type", "user", "intercom_user_id", grace,
                "body", "Found it, thanks!")));

        String second = store.conversations().sendAdminMessage(json(Map.of("message_type", "inapp", "body", "Welcome aboard, Linus!",
                "from", Map.of("type", "admin", "id", Long.parseLong(ben)), "to", Map.of("type", "user", "id", linus),
                "create_conversation_without_contact_reply", true))).get("conversation_id").asString();
        store.conversations().manage(second, json(Map.of("message_type", "assignment", "type", "admin", "admin_id", ben,
                "assignee_id", ben)));
    }

    private static String id(ObjectNode node) {
        return node.get("id").asString();
    }

    private static ObjectNode json(Map<String, Object> value) {
        return SandboxJson.MAPPER.valueToTree(value);
    }
}
