package dev.intercomgateway.intercom;

import java.util.regex.Pattern;

/** Intercom ids are short strings of {@code [A-Za-z0-9_-]}; anything else never reaches a URL. */
public final class IntercomIds {

    public static final int MAX_LENGTH = 128;
    public static final String REGEX = "[A-Za-z0-9_-]{1," + MAX_LENGTH + "}";
    private static final Pattern VALID = Pattern.compile(REGEX);
    /** Conversation ids are numbers: Intercom's description types {@code GET /conversations/{conversation_id}} as an integer. */
    public static final String CONVERSATION_REGEX = "[0-9]{1,19}";
    private static final Pattern CONVERSATION = Pattern.compile(CONVERSATION_REGEX);

    private IntercomIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
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
