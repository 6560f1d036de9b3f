package dev.intercomgateway.passthrough;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import dev.intercomgateway.intercom.client.IntercomPassthrough;
import dev.intercomgateway.web.ErrorListWriter;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;

/** Intercom's answer, written on to the caller as it arrives. */
final class AnswerStream {

    /** What of Intercom's answer reaches the caller; connection, encoding and cookie headers stay behind. */
    private static final Set<String> ANSWER_HEADERS = Set.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_DISPOSITION, HttpHeaders.LINK,
            HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
            HttpHeaders.AGE, "Cache-Status");

    private AnswerStream() {
    }

    /**
     * Progress towards the caller is measured per write of at most this many bytes, each flushed: a
     * caller that takes fewer bytes than this within the stall timeout (under 0.8 KB/s at 5 s) is cut,
     * a slower but steady reader is not, whatever the size of the buffers Intercom's answer arrives in.
     */
    static final int CHUNK = 4096;

    /**
     * Writes the answer on as it arrives, a few buffers ahead at most (memory stays flat whatever its
     * size). A write that stalls past the watch's timeout ends the body from Intercom at once, which
     * closes Intercom's connection and releases the call's slots; the writer then breaks off with
     * {@link StallWatch.CallerStalledException}.
     */
    static void copy(IntercomPassthrough.Answer answer, HttpServletResponse response, StallWatch stallWatch) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach((name, values) -> copyHeader(name, values, response));
        copyBody(answer.body(), response.getOutputStream(), stallWatch);
    }

    static void copyBody(Flux<DataBuffer> body, OutputStream out, StallWatch stallWatch) throws IOException {
        Sinks.One<Boolean> stalled = Sinks.one();
        byte[] chunk = new byte[CHUNK];
        // closing the stream (or the caller stalling) cancels the rest, which closes Intercom's connection
        try (StallWatch.Watch watch = stallWatch.watch(() -> stalled.tryEmitValue(true))) {
            try (Stream<DataBuffer> buffers = body.takeUntilOther(stalled.asMono())
                    .doOnDiscard(DataBuffer.class, DataBufferUtils::release).toStream(2)) {
                Iterator<DataBuffer> iterator = buffers.iterator();
                while (iterator.hasNext()) {
                    try (InputStream in = iterator.next().asInputStream(true)) {
                        for (int read = in.read(chunk); read > 0; read = in.read(chunk)) {
                            // flushed at once: a write to the servlet's buffer would block later for a whole buffer
                            watch.writing();
                            out.write(chunk, 0, read);
                            out.flush();
                            watch.written();
                        }
                    }
                }
            } catch (IOException | RuntimeException failure) {
                // a write that stalled may end later in any way (the caller resumes, leaves, or Tomcat times it out)
                if (watch.tripped() && !(failure instanceof StallWatch.CallerStalledException)) {
                    throw new StallWatch.CallerStalledException(failure);
                }
                throw failure;
            }
        }
    }

    /**
     * One of Intercom's answer headers, on to the caller if it is one a caller may see; the same on
     * every status, so an error keeps what names its cause (the {@code Link} of a 410
     * {@code contact_merged}, the {@code Retry-After} of a 429).
     */
    static void copyHeader(String name, List<String> values, HttpServletResponse response) {
        if (ANSWER_HEADERS.stream().anyMatch(name::equalsIgnoreCase) && !values.isEmpty()) {
            List<String> onward = values.stream().map(value -> onTheSurface(name, value)).toList();
            response.setHeader(name, onward.getFirst());
            onward.stream().skip(1).forEach(value -> response.addHeader(name, value));
        }
    }

    /** An absolute target on one of Intercom's API hosts (any region), or a path from the root: what names Intercom's own API. */
    private static final Pattern INTERCOM_TARGET = Pattern.compile("^(?:https?://api(?:\\.[a-z]+)?\\.intercom\\.io(?::443)?)?(/[^/].*|/)?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LINK_TARGET = Pattern.compile("<([^>]*)>");

    /**
     * A {@code Link} or {@code Location} as the caller must follow it: Intercom writes targets on its
     * API (a path from the root such as {@code </contacts/{id}>}, or {@code https://api.intercom.io/...}),
     * which an SDK resolves against its base URL and so would leave the gateway's {@code /intercom}
     * prefix; they are rewritten to that prefix. Targets elsewhere (another host, a relative path
     * without a leading slash, which stays under the prefix) pass as Intercom sent them.
     */
    static String onTheSurface(String name, String value) {
        if (name.equalsIgnoreCase(HttpHeaders.LOCATION)) {
            return onTheSurface(value.strip());
        }
        if (!name.equalsIgnoreCase(HttpHeaders.LINK)) {
            return value;
        }
        Matcher targets = LINK_TARGET.matcher(value);
        StringBuilder rewritten = new StringBuilder();
        while (targets.find()) {
            targets.appendReplacement(rewritten, Matcher.quoteReplacement("<" + onTheSurface(targets.group(1).strip()) + ">"));
        }
        targets.appendTail(rewritten);
        return rewritten.toString();
    }

    private static String onTheSurface(String target) {
        Matcher intercom = INTERCOM_TARGET.matcher(target);
        if (target.isEmpty() || !intercom.matches()) {
            return target;
        }
        String path = intercom.group(1) == null ? "/" : intercom.group(1);
        return ErrorListWriter.PASSTHROUGH_PREFIX + path;
    }

}
