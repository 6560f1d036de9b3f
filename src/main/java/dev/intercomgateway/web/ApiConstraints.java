package dev.intercomgateway.web;

/** Limits shared by the internal API's request validation. */
public final class ApiConstraints {

    /** Intercom's pagination cursors are base64-like tokens. */
    public static final String CURSOR_REGEX = "[A-Za-z0-9+/=_.-]{1,512}";
    public static final int MAX_PAGE_SIZE = 150;
    public static final int MAX_TEXT_LENGTH = 255;
    public static final int MAX_BODY_LENGTH = 65_536;
    /** An optional text that, when given, holds more than white space (a blank note is refused as a missing one is where required). */
    public static final String NOT_BLANK_REGEX = "(?s).*\\S.*";
    public static final String NOT_BLANK_MESSAGE = "must not be blank";

    private ApiConstraints() {
    }
}
