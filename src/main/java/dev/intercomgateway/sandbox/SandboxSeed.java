package dev.intercomgateway.sandbox;

import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

import dev.intercomgateway.intercom.model.IntercomAdmin;
import dev.intercomgateway.intercom.model.IntercomContact;
import dev.intercomgateway.intercom.model.IntercomContactWrite;
import dev.intercomgateway.intercom.model.IntercomJson;

/** Demo data, so that a newcomer's first request returns something. */
final class SandboxSeed {

    private SandboxSeed() {
    }

    static void load(SandboxStore store) {
        IntercomAdmin ada = store.addAdmin("Ada Support", "ada@example.com", "Support lead");
        IntercomAdmin ben = store.addAdmin("Ben Success", "ben@example.com", "Customer success");

        IntercomContact grace = store.createContact(new IntercomContactWrite("user", "user-1001", "grace@example.com",
                "+14155550101", "Grace Hopper", 1_700_000_000L, Map.of("plan", "enterprise")));
        store.createContact(new IntercomContactWrite("user", "user-1002", "alan@example.com",
                null, "Alan Turing", 1_700_100_000L, Map.of("plan", "starter")));
        IntercomContact linus = store.createContact(new IntercomContactWrite("user", "user-1003", "linus@example.com",
                null, "Linus Torvalds", 1_700_200_000L, Map.of()));
        store.createContact(new IntercomContactWrite("lead", null, "visitor@example.com", null, "Anonymous visitor", null, null));

        String first = store.startConversationAsContact(json(Map.of(
                "from", Map.of("type", "user", "id", grace.id()),
                "body", "Hi! How do I export my invoices?"))).conversationId();
        store.reply(first, json(Map.of("message_type", "comment", "type", "admin", "admin_id", ada.id(),
                "body", "Hi Grace, go to Billing > Invoices and press Export.")));
        store.reply(first, json(Map.of("message_type", "comment", "type", "user", "intercom_user_id", grace.id(),
                "body", "Found it, thanks!")));

        String second = store.sendAdminMessage(json(Map.of("message_type", "inapp", "body", "Welcome aboard, Linus!",
                "from", Map.of("type", "admin", "id", ben.id()), "to", Map.of("type", "user", "id", linus.id()),
                "create_conversation_without_contact_reply", true))).conversationId();
        store.manage(second, json(Map.of("message_type", "assignment", "type", "admin", "admin_id", ben.id(),
                "assignee_id", ben.id())));
    }

    private static ObjectNode json(Map<String, Object> value) {
        return IntercomJson.mapper().valueToTree(value);
    }
}
