package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pool's bookkeeping, on a fake allocator: no GPU needed. */
class DeviceMemoryPoolTest {

    @Test
    void sizeClassesAreQuarterOctavesAndWasteAtMostAQuarter() {
        assertEquals(256, DeviceMemoryPool.sizeClass(1));
        assertEquals(256, DeviceMemoryPool.sizeClass(256));
        assertEquals(512, DeviceMemoryPool.sizeClass(257));
        assertEquals(1024, DeviceMemoryPool.sizeClass(1000));
        assertEquals(1280, DeviceMemoryPool.sizeClass(1025));
        assertEquals(5L << 20, DeviceMemoryPool.sizeClass((4L << 20) + 1));
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long bytes = 1 + (random.nextLong() >>> 30);
            long size = DeviceMemoryPool.sizeClass(bytes);
            assertTrue(size >= bytes && size % 256 == 0, bytes + " -> " + size);
            assertTrue(size <= Math.max(256, bytes + bytes / 4 + 255), bytes + " -> " + size);
            assertEquals(size, DeviceMemoryPool.sizeClass(size), "a class is its own class");
            int index = DeviceMemoryPool.classIndex(size);
            assertEquals(size, DeviceMemoryPool.classSize(index), "index " + index + " names class " + size);
            assertTrue(index >= 0 && index < DeviceMemoryPool.CLASS_COUNT, "index " + index);
        }
    }

    @Test
    void classIndicesCountTheClassesInOrder() {
        long previous = 0;
        for (int index = 0; index < DeviceMemoryPool.CLASS_COUNT; index++) {
            long size = DeviceMemoryPool.classSize(index);
            assertTrue(size > previous, "classes grow: " + previous + " then " + size);
            assertEquals(size, DeviceMemoryPool.sizeClass(size));
            assertEquals(index, DeviceMemoryPool.classIndex(size));
            assertEquals(size, DeviceMemoryPool.sizeClass(previous + 1), "no class between " + previous + " and " + size);
            previous = size;
        }
        assertEquals(1L << 62, previous, "the last class");
    }

    @Test
    void releasedBlocksAreReusedWithoutTheDriver() {
        FakeAllocator fake = new FakeAllocator(1L << 30);
        DeviceMemoryPool pool = new DeviceMemoryPool(fake);
        DeviceBlock a = pool.acquire(1000);
        long address = a.address();
        assertEquals(1024, a.capacity());
        assertEquals(1000, a.requestedBytes());
        a.close();
        assertEquals(0, pool.bytesInUse());
        assertEquals(1024, pool.bytesCached());
        DeviceBlock b = pool.acquire(900);  // same class
        assertEquals(address, b.address());
        assertEquals(1, fake.allocations);
        DeviceBlock c = pool.acquire(900);  // class busy: a new allocation
        assertNotEquals(address, c.address());
        assertEquals(2, pool.driverAllocations());
        assertEquals(2048, pool.bytesInUse());
        assertEquals(2048, pool.peakBytesReserved());
    }

    @Test
    void aMillionTrainingStepsAllocateOnlyWhileWarmingUp() {
        FakeAllocator fake = new FakeAllocator(1L << 40);
        long[] step = {784 * 128 * 4L, 512 * 128 * 4L, 512 * 128 * 4L, 10 * 128 * 4L, 4, 512 * 4L, 40_000};
        try (DeviceMemoryPool pool = new DeviceMemoryPool(fake)) {
            List<DeviceBlock> live = new ArrayList<>();
            for (int s = 0; s < 1_000_000; s++) {
                for (long bytes : step) live.add(pool.acquire(bytes));
                for (int i = live.size() - 1; i >= 0; i--) live.get(i).close();
                live.clear();
            }
            assertEquals(step.length, pool.driverAllocations(), "one driver allocation per distinct block, ever");
            assertEquals(0, pool.bytesInUse());
            assertEquals(0, pool.blocksInUse());
            assertEquals(pool.bytesReserved(), pool.peakBytesReserved());
        }
        assertEquals(0, fake.liveAllocations(), "close gives everything back");
    }

    @Test
    void doubleReleaseAndForeignBlocksAreRefused() {
        DeviceMemoryPool pool = new DeviceMemoryPool(new FakeAllocator(1 << 20));
        DeviceMemoryPool other = new DeviceMemoryPool(new FakeAllocator(1 << 20));
        DeviceBlock block = pool.acquire(64);
        block.close();
        IllegalStateException twice = assertThrows(IllegalStateException.class, block::close);
        assertTrue(twice.getMessage().endsWith("was released twice"), twice.getMessage());
        assertThrows(IllegalStateException.class, block::address, "a released block's address is not handed out");
        DeviceBlock foreign = other.acquire(64);
        assertThrows(IllegalArgumentException.class, () -> pool.release(foreign));
    }

    @Test
    void cacheAboveItsLimitGoesBackLargestFirst() {
        FakeAllocator fake = new FakeAllocator(1L << 30);
        DeviceMemoryPool pool = new DeviceMemoryPool(fake, 4096);
        DeviceBlock small = pool.acquire(1024);
        DeviceBlock large = pool.acquire(4096);
        small.close();
        assertEquals(1024, pool.bytesCached());
        large.close();  // 5120 cached > 4096: the 4096-byte block goes back first
        assertEquals(1024, pool.bytesCached());
        assertEquals(1, pool.driverFrees());
        assertEquals(1024, fake.liveBytes());
        pool.trim();
        assertEquals(0, fake.liveBytes());
        assertEquals(0, pool.bytesReserved());
    }

    @Test
    void outOfMemoryEmptiesTheCacheAndRetriesOnce() {
        FakeAllocator fake = new FakeAllocator(10_240);
        DeviceMemoryPool pool = new DeviceMemoryPool(fake);
        pool.acquire(4096).close();
        pool.acquire(4096 + 1024).close();  // 9216 cached in two classes
        DeviceBlock big = pool.acquire(8192);  // does not fit beside the cache: cache freed, then fits
        assertEquals(8192, big.capacity());
        assertEquals(0, pool.bytesCached());
        assertEquals(8192, fake.liveBytes());
        OutOfDeviceMemoryException e = assertThrows(OutOfDeviceMemoryException.class, () -> pool.acquire(4096));
        assertTrue(e.getMessage().startsWith("acquire(4096 bytes): device memory exhausted with 8192 bytes lent in 1 blocks"),
                e.getMessage());
        assertEquals(8192, pool.bytesInUse(), "a failed acquire changes nothing");
    }

    @Test
    void closeFreesLentBlocksTooAndRefusesNewWork() {
        FakeAllocator fake = new FakeAllocator(1 << 20);
        DeviceMemoryPool pool = new DeviceMemoryPool(fake);
        DeviceBlock leaked = pool.acquire(300);
        pool.acquire(100).close();
        pool.close();
        assertEquals(0, fake.liveAllocations());
        assertTrue(leaked.isReleased());
        leaked.close();  // after the pool's close: nothing left to do, no error
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.acquire(8));
        assertEquals("acquire(8 bytes): the pool is closed", e.getMessage());
    }

    @Test
    void rejectsNonPositiveRequests() {
        DeviceMemoryPool pool = new DeviceMemoryPool(new FakeAllocator(1 << 20));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.acquire(0));
        assertEquals("acquire: bytes must be positive, got 0", e.getMessage());
    }
}
