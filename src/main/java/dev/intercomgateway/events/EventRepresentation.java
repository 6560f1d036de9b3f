package dev.intercomgateway.events;

import java.util.List;
import java.util.Optional;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Which of its two forms {@code GET /api/v1/events} answers with, by the request's {@code Accept}
 * (RFC 9110, section 12.5.1): each form gets the quality of the most specific media range that
 * matches it (case-insensitive, as {@link MediaType} parses it), and the form of the highest quality
 * above 0 wins. Server-Sent Events win a tie, and are the answer to no {@code Accept} or {@code *}{@code /*};
 * none acceptable (or an {@code Accept} that does not parse): empty, a 406.
 */
final class EventRepresentation {

    /** In the order that breaks a tie: the stream is the default. */
    private static final List<MediaType> FORMS = List.of(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_JSON);

    private EventRepresentation() {
    }

    /** @return {@code text/event-stream} or {@code application/json}; empty when the header accepts neither */
    static Optional<MediaType> negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return Optional.of(MediaType.TEXT_EVENT_STREAM);
        }
        List<MediaType> ranges;
        try {
            ranges = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException unparsable) {
            return Optional.empty();
        }
        MediaType best = null;
        double bestQuality = 0;
        int bestSpecificity = -1;
        for (MediaType form : FORMS) {
            MediaType range = mostSpecificMatch(ranges, form);
            if (range == null || range.getQualityValue() <= 0) {
                continue;
            }
            int specificity = specificity(range);
            if (range.getQualityValue() > bestQuality || (range.getQualityValue() == bestQuality && specificity > bestSpecificity)) {
                best = form;
                bestQuality = range.getQualityValue();
                bestSpecificity = specificity;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The range of those sent that matches the form most specifically (an exact type over {@code type/*} over {@code *}{@code /*}). */
    private static MediaType mostSpecificMatch(List<MediaType> ranges, MediaType form) {
        MediaType match = null;
        for (MediaType range : ranges) {
            if (range.includes(form) && (match == null || specificity(range) > specificity(match))) {
                match = range;
            }
        }
        return match;
    }

    private static int specificity(MediaType range) {
        return range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
    }
}
