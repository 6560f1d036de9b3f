package dev.intercomgateway.web;

import java.util.function.IntConsumer;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The status a caller finally receives, for what is written before a filter outside Spring MVC
 * changes it (the ETag filter turns a 200 into a 304 after the handler has completed): such a
 * filter marks the request with {@link #awaited}, a handler's observer {@link #whenKnown defers}
 * its use of the status, and the filter {@link #report reports} it once the answer is decided.
 */
public final class FinalStatus {

    private static final String AWAITED = FinalStatus.class.getName() + ".awaited";

    private FinalStatus() {
    }

    /** Marks the request: its final status will be reported. */
    static void awaited(ServletRequest request) {
        request.setAttribute(AWAITED, new IntConsumer[1]);
    }

    /**
     * Runs {@code use} with the final status: later, if a filter awaits it, else at once with {@code now}.
     */
    public static void whenKnown(ServletRequest request, int now, IntConsumer use) {
        if (request.getAttribute(AWAITED) instanceof IntConsumer[] deferred) {
            deferred[0] = deferred[0] == null ? use : deferred[0].andThen(use);
        } else {
            use.accept(now);
        }
    }

    static void report(ServletRequest request, int status) {
        if (request.getAttribute(AWAITED) instanceof IntConsumer[] deferred) {
            request.removeAttribute(AWAITED);
            if (deferred[0] != null) {
                deferred[0].accept(status);
            }
        }
    }

    /**
     * The response, reporting its status as soon as it is decided: a 304, or the first write of the
     * answer to the caller, so that what awaited it is done before the caller has the answer.
     */
    static HttpServletResponse reportingBeforeTheAnswer(ServletRequest request, HttpServletResponse response) {
        return new HttpServletResponseWrapper(response) {
            @Override
            public void setStatus(int status) {
                super.setStatus(status);
                if (status == HttpServletResponse.SC_NOT_MODIFIED) {
                    report(request, status);
                }
            }

            @Override
            public ServletOutputStream getOutputStream() throws IOException {
                // a wrapper may take the stream early (Spring's content caching does): the first byte written is what counts
                ServletOutputStream out = super.getOutputStream();
                return new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        report(request, getStatus());
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        report(request, getStatus());
                        out.write(bytes, offset, length);
                    }

                    @Override
                    public void flush() throws IOException {
                        report(request, getStatus());
                        out.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        report(request, getStatus());
                        out.close();
                    }

                    @Override
                    public boolean isReady() {
                        return out.isReady();
                    }

                    @Override
                    public void setWriteListener(jakarta.servlet.WriteListener listener) {
                        out.setWriteListener(listener);
                    }
                };
            }

            @Override
            public PrintWriter getWriter() throws IOException {
                report(request, getStatus());
                return super.getWriter();
            }

            @Override
            public void flushBuffer() throws IOException {
                report(request, getStatus());
                super.flushBuffer();
            }
        };
    }
}
