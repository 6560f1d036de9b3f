package dev.intercomgateway.users;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.intercomgateway.intercom.client.IntercomClient;
import dev.intercomgateway.intercom.workspace.Contact;
import dev.intercomgateway.intercom.workspace.ContactRole;
import dev.intercomgateway.intercom.workspace.Page;
import dev.intercomgateway.web.RequestIdFilter;

import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Every user as NDJSON: Intercom's pages (150 users by default) walked one at a time (each call within the rate
 * budget), each user written and flushed as it comes, so memory stays flat whatever the workspace's
 * size. After each page a checkpoint line {@code {"next_cursor":"..."}} says where to resume
 * ({@code ?cursor=}); a client that goes away ends the walk at its next write.
 *
 * <p>The last line of every export that ran to its end, an empty or a resumed one too, is
 * {@code {"next_cursor":null,"complete":true,"count":N}}, N the users written in this answer: a
 * consumer whose connection dropped after a page (ending on a checkpoint) can tell it was cut off.
 * A walk that fails after the answer began writes no end line; the connection is broken instead.
 */
final class UserExport implements StreamingResponseBody {

    private final IntercomClient intercom;
    private final JsonMapper json;
    private final String requestId;
    private final String startCursor;
    private final int pageSize;

    UserExport(IntercomClient intercom, JsonMapper json, String startCursor, int pageSize) {
        this.intercom = intercom;
        this.json = json;
        // the walk runs on another thread than the request, under its request id; Spring binds the request to that
        // thread again, so its calls count as this caller's (IntercomCaller)
        this.requestId = RequestIdFilter.current();
        this.startCursor = startCursor;
        this.pageSize = pageSize;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        try (RequestIdFilter.Carried carried = RequestIdFilter.carry(requestId)) {
            String cursor = startCursor;
            long count = 0;
            do {
                Page<Contact> page = intercom.contacts(ContactRole.USER, null, null, pageSize, cursor);
                for (Contact contact : page.items()) {
                    writeLine(out, UserService.toUser(contact));
                    count++;
                }
                cursor = page.nextCursor();
                if (cursor != null) {
                    writeLine(out, Map.of("next_cursor", cursor));
                }
                out.flush();
            } while (cursor != null);
            out.write(endLine(count));
            out.flush();
        }
    }

    /** The end marker; written by hand, as the mapper's null handling must not drop {@code next_cursor}. */
    static byte[] endLine(long count) {
        return ("{\"next_cursor\":null,\"complete\":true,\"count\":" + count + "}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private void writeLine(OutputStream out, Object value) throws IOException {
        out.write(json.writeValueAsBytes(value));
        out.write('\n');
    }
}
