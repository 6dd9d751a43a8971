package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.backend.Storage;
import dev.adjoint.backend.UnaryOp;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who releases device memory, and when: scopes, keep, adopt, the garbage collector, and misuse. */
class DeviceScopeTest {
    private final FakeAllocator driver = new FakeAllocator(1 << 20);
    private final DeviceMemoryPool pool = new DeviceMemoryPool(driver);
    private final DeviceMemory memory = new DeviceMemory(pool);

    @AfterEach
    void noScopeLeftOpen() {
        assertNull(DeviceScope.current(), "a test left a scope open");
    }

    private DeviceAllocation allocate(long floats, Object storage) {
        DeviceAllocation a = memory.allocate(floats);
        a.attach(storage);
        return a;
    }

    @Test
    void closingAScopeReleasesWhatWasAllocatedInIt() {
        DeviceAllocation a, b;
        try (DeviceScope scope = DeviceScope.open()) {
            a = allocate(100, new Object());
            b = allocate(300, new Object());
            assertEquals(2, scope.ownedCount());
            assertEquals(2, pool.blocksInUse());
        }
        assertTrue(a.isReleased() && b.isReleased());
        assertEquals(0, pool.blocksInUse());
        assertEquals(0, memory.liveAllocations());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.address("matmul"));
        assertTrue(e.getMessage().startsWith("matmul: this tensor's device memory was released when the DeviceScope"),
                e.getMessage());
    }

    @Test
    void keptAllocationsMoveToTheEnclosingScopeThenToTheCollector() {
        DeviceAllocation kept;
        try (DeviceScope outer = DeviceScope.open()) {
            try (DeviceScope inner = DeviceScope.open()) {
                kept = allocate(10, new Object());
                allocate(10, new Object());
                inner.keep(kept);
                assertSame(outer, kept.owner);
            }
            assertFalse(kept.isReleased());
            assertEquals(1, outer.ownedCount());
            outer.keep(kept);
            assertNull(kept.owner, "kept from the outermost scope: the collector's");
        }
        assertFalse(kept.isReleased());
        assertEquals(1, memory.gcOwnedAllocations());
    }

    @Test
    void adoptedAllocationsDieWithTheAdoptingScope() {
        Object storage = new Object();
        DeviceAllocation old = allocate(10, storage);  // no scope: the collector's
        assertEquals(1, memory.gcOwnedAllocations());
        try (DeviceScope scope = DeviceScope.open()) {
            scope.adopt(old, storage);
            assertEquals(0, memory.gcOwnedAllocations());
        }
        assertTrue(old.isReleased());
        assertEquals(0, memory.liveAllocations());
        assertEquals(0, memory.releasedByGc());
    }

    @Test
    void theCollectorReleasesUnreachableStoragesItOwns() throws InterruptedException {
        for (int i = 0; i < 10; i++) allocate(1000, new Object());  // storages dropped at once
        assertEquals(10, memory.gcOwnedAllocations());
        long deadline = System.currentTimeMillis() + 10_000;
        int released = 0;
        while (released < 10 && System.currentTimeMillis() < deadline) {
            System.gc();
            Thread.sleep(10);
            released += memory.drainCollected();
        }
        assertEquals(10, released);
        assertEquals(0, memory.liveAllocations());
        assertEquals(10, memory.releasedByGc());
    }

    @Test
    void theCollectorNeverReleasesWhatAScopeOwns() throws InterruptedException {
        DeviceAllocation a;
        try (DeviceScope scope = DeviceScope.open()) {
            a = allocate(1000, new Object());  // the storage is unreachable at once, but the scope owns it
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(10);
                memory.drainCollected();
            }
            assertFalse(a.isReleased());
            assertEquals(1, scope.ownedCount());
        }
        assertTrue(a.isReleased());
        assertEquals(1, memory.releasedByScopes());
        assertEquals(0, memory.releasedByGc());
    }

    @Test
    void aFullDeviceAsksTheCollectorBeforeGivingUp() {
        FakeAllocator small = new FakeAllocator(4 * 4096);
        DeviceMemoryPool smallPool = new DeviceMemoryPool(small);
        DeviceMemory m = new DeviceMemory(smallPool);
        for (int i = 0; i < 4; i++) m.allocate(1024).attach(new Object());  // fills the device; storages dropped
        Object[] held = new Object[4];
        m.allocate(1024).attach(held[0] = new Object());  // only succeeds once the collector gave the others back
        assertEquals(1, m.liveAllocations());
        assertTrue(m.releasedByGc() >= 3);
        for (int i = 1; i < 4; i++) m.allocate(1024).attach(held[i] = new Object());
        OutOfDeviceMemoryException e = assertThrows(OutOfDeviceMemoryException.class, () -> m.allocate(1024));
        assertTrue(e.getMessage().contains("4 by the garbage collector (still reachable)"), e.getMessage());
        java.lang.ref.Reference.reachabilityFence(held);
    }

    @Test
    void scopesCloseInReverseOrderOnTheirOwnThread() throws Exception {
        DeviceScope outer = DeviceScope.open();
        DeviceScope inner = DeviceScope.open();
        IllegalStateException order = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(order.getMessage().contains("reverse order"), order.getMessage());
        CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
            try {
                inner.close();
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        Throwable t = other.get();
        assertTrue(t instanceof IllegalStateException && t.getMessage().contains("belongs to thread"), String.valueOf(t));
        inner.close();
        outer.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> outer.keep(new dev.adjoint.tensor.Tensor[0]));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    @Test
    void adoptingFromAnotherThreadsScopeIsRefused() throws InterruptedException, ExecutionException {
        CompletableFuture<DeviceAllocation> made = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try (DeviceScope scope = DeviceScope.open()) {
                made.complete(allocate(10, new Object()));
                release.join();
            }
        }, "worker");
        worker.start();
        DeviceAllocation theirs = made.get();
        try (DeviceScope mine = DeviceScope.open()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> mine.adopt(theirs, null));
            assertTrue(e.getMessage().contains("thread worker"), e.getMessage());
        } finally {
            release.complete(null);
            worker.join();
        }
        assertTrue(theirs.isReleased());
    }

    @Test
    void tensorsOfTheEmulatedBackendFollowTheirScope() {
        EmulatedCuda.Parts parts = EmulatedCuda.open(1 << 24, System::gc);
        CudaBackend backend = parts.backend();
        Storage kept, dropped;
        try (DeviceScope scope = DeviceScope.open()) {
            Storage x = backend.fromArray(new float[] {1, 2, 3});
            dropped = backend.unary(UnaryOp.EXP, x);
            kept = backend.unary(UnaryOp.NEG, x);
            scope.keep(((CudaStorage) kept).allocation());
            assertEquals(2, scope.ownedCount());
        }
        assertEquals(-2f, backend.toFloatArray(kept)[1]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> backend.unary(UnaryOp.LOG, dropped));
        assertTrue(e.getMessage().startsWith("log: this tensor's device memory was released"), e.getMessage());
        backend.close();
    }
}
