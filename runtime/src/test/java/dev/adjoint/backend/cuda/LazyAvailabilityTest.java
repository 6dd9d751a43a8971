package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LazyAvailabilityTest {

    /** Collects the records logged to a private logger. */
    private static final class Recorder extends Handler {
        final List<LogRecord> records = new ArrayList<>();

        @Override public synchronized void publish(LogRecord record) { records.add(record); }
        @Override public void flush() {}
        @Override public void close() {}
    }

    @Test
    void probesOnceAndLogsOneLineEvenWhenAskedConcurrently() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        CudaAvailability answer = CudaAvailability.unavailable("no CUDA driver is installed (libcuda.so.1 not found)");
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        Recorder recorder = new Recorder();
        logger.addHandler(recorder);
        LazyAvailability lazy = new LazyAvailability(() -> {
            probes.incrementAndGet();
            return answer;
        }, logger);
        assertEquals(0, probes.get(), "nothing is probed before the first question");

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<CudaAvailability>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return lazy.get();
                }));
            }
            start.countDown();
            for (Future<CudaAvailability> f : answers) assertSame(answer, f.get());
        } finally {
            pool.shutdownNow();
        }
        assertSame(answer, lazy.get());
        assertEquals(1, probes.get());
        assertEquals(1, recorder.records.size());
        assertEquals(Level.INFO, recorder.records.get(0).getLevel());
        assertEquals("CUDA unavailable: no CUDA driver is installed (libcuda.so.1 not found); running on the CPU",
                recorder.records.get(0).getMessage());
    }
}
