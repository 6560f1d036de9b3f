package dev.intercomgateway.intercom;

/** A caller-supplied id is not shaped like an Intercom id; nothing was sent to Intercom. */
public class InvalidIntercomIdException extends IllegalArgumentException {

    private final String field;

    public InvalidIntercomIdException(String field) {
        super(field + " must be 1 to " + IntercomIds.MAX_LENGTH + " characters of A-Z, a-z, 0-9, '_' or '-'");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
