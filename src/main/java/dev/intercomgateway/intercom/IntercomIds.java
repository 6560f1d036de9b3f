package dev.intercomgateway.intercom;

import java.util.regex.Pattern;

/** Intercom ids are short strings of {@code [A-Za-z0-9_-]}; anything else never reaches a URL. */
public final class IntercomIds {

    public static final int MAX_LENGTH = 128;
    public static final String REGEX = "[A-Za-z0-9_-]{1," + MAX_LENGTH + "}";
    private static final Pattern VALID = Pattern.compile(REGEX);
    /** Conversation ids are numbers: Intercom's description types {@code GET /conversations/{conversation_id}} as an integer. */
    public static final String CONVERSATION_REGEX = "[0-9]{1,19}";
    public static final String CONVERSATION_MESSAGE = "must be a conversation id (digits)";
    /** Admin and team ids are numbers: Intercom's description types them as integers in places ({@code POST /messages}, {@code GET /admins/{id}}). */
    public static final String ADMIN_REGEX = "[0-9]{1,18}";
    public static final String ADMIN_MESSAGE = "must be an Intercom admin id (digits)";
    private static final Pattern ADMIN = Pattern.compile(ADMIN_REGEX);
    private static final Pattern CONVERSATION = Pattern.compile(CONVERSATION_REGEX);

    private IntercomIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    public static String requireAdmin(String id, String field) {
        if (id == null || !ADMIN.matcher(id).matches()) {
            throw new InvalidIntercomIdException(field);
        }
        return id;
    }

    public static String requireConversation(String id) {
        if (id == null || !CONVERSATION.matcher(id).matches()) {
            throw new InvalidIntercomIdException("conversation id");
        }
        return id;
    }

    public static String require(String id, String field) {
        if (!isValid(id)) {
            throw new InvalidIntercomIdException(field);
        }
        return id;
    }
}
