package dev.intercomgateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/**
 * A slow reader is not a stalled one: progress is measured per write of {@link AnswerStream#CHUNK}
 * bytes, not per buffer of Intercom's answer (which can be tens of KB), so a caller that reads
 * steadily keeps its answer, and one that takes less than a chunk within the stall timeout is cut.
 */
class AnswerStreamTest {

    static final Duration STALL_TIMEOUT = Duration.ofMillis(300);
    static final int BUFFER = 64 * 1024;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final StallWatch stallWatch = new StallWatch(STALL_TIMEOUT, meters);

    @AfterEach
    void stopWatch() {
        stallWatch.close();
    }

    /** A caller whose socket takes {@code bytesPerSecond}: each write returns once the caller has read its bytes. */
    static final class SlowReader extends OutputStream {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final int bytesPerSecond;

        SlowReader(int bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            try {
                Thread.sleep(Duration.ofNanos(length * 1_000_000_000L / bytesPerSecond));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.write(bytes, offset, length);
        }
    }

    private static Flux<DataBuffer> answerInBuffersOf64Kb(byte[] answer) {
        return Flux.range(0, answer.length / BUFFER)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(answer, i * BUFFER, (i + 1) * BUFFER)));
    }

    private static byte[] answer() {
        byte[] answer = new byte[2 * BUFFER];
        for (int i = 0; i < answer.length; i++) {
            answer[i] = (byte) i;
        }
        return answer;
    }

    @Test
    void aReaderThatTakesAChunkWithinTheStallTimeoutGetsTheWholeAnswerThoughABufferTakesLonger() throws Exception {
        byte[] answer = answer();
        // 80 KB/s: a 64 KB buffer takes 800 ms, past the 300 ms stall timeout; a 4 KB chunk takes 50 ms
        SlowReader reader = new SlowReader(80 * 1024);

        AnswerStream.copyBody(answerInBuffersOf64Kb(answer), reader, stallWatch);

        assertThat(reader.received.toByteArray()).isEqualTo(answer);
        assertThat(meters.get("gateway.passthrough.stalled").counter().count()).isZero();
    }

    @Test
    void aReaderThatTakesLessThanAChunkWithinTheStallTimeoutIsCut() {
        // 4 KB/s: a 4 KB chunk takes a second, past the 300 ms stall timeout
        SlowReader reader = new SlowReader(4 * 1024);

        assertThatThrownBy(() -> AnswerStream.copyBody(answerInBuffersOf64Kb(answer()), reader, stallWatch))
                .isInstanceOf(StallWatch.CallerStalledException.class);
        assertThat(reader.received.size()).isLessThanOrEqualTo(AnswerStream.CHUNK);
        assertThat(meters.get("gateway.passthrough.stalled").counter().count()).isEqualTo(1);
    }
}
