package dev.intercomgateway.idempotency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The answer goes on to the caller as it is written, and a copy of its first {@code limit + 1}
 * bytes is kept for the store: enough to tell whether it fits, never a streamed answer held whole.
 */
final class AnswerCapture extends HttpServletResponseWrapper {

    private final int limit;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private ServletOutputStream stream;
    private PrintWriter writer;

    AnswerCapture(HttpServletResponse response, long limit) {
        super(response);
        this.limit = (int) Math.min(limit, Integer.MAX_VALUE - 1);
    }

    /** Whether the answer was longer than the limit (its copy is then incomplete). */
    boolean overflowed() {
        return copy.size() > limit;
    }

    byte[] captured() {
        return copy.toByteArray();
    }

    void flushWriter() {
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new Tee(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), Charset.forName(getCharacterEncoding())));
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        flushWriter();
        super.flushBuffer();
    }

    private void keep(byte[] bytes, int offset, int length) {
        int room = limit + 1 - copy.size();
        if (room > 0) {
            copy.write(bytes, offset, Math.min(room, length));
        }
    }

    private final class Tee extends ServletOutputStream {

        private final ServletOutputStream out;

        Tee(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            keep(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            keep(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
