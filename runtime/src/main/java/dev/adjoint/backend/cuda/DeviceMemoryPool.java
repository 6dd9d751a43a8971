package dev.adjoint.backend.cuda;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reuses device memory, so a training loop allocates from the driver only while it warms up.
 *
 * <p>Requests are rounded up to size classes (multiples of a quarter of their power-of-two octave,
 * at least 256 bytes: at most 25% waste). A released block goes onto its class's free list and the
 * next request of that class takes it back (last released, first reused). Release is explicit and
 * immediate: {@link DeviceBlock#close()} (try-with-resources), never a finalizer, so memory use is
 * the same on every run and does not grow over millions of steps.
 *
 * <p>Stream order makes reuse safe without waiting: the pool serves one {@link CudaContext}, whose
 * kernels run in the order they were queued, so work queued after a release runs after the work
 * that used the block. Cached bytes above {@code maxCachedBytes} go back to the driver, largest
 * classes first; when the driver is out of memory, the whole cache goes back and the allocation
 * is tried once more. Not thread-safe, like the context it serves.
 *
 * <p>Acquiring and releasing allocate nothing but the {@link DeviceBlock} handle: each size class
 * has an index ({@link #classIndex}), its free list is a stack of primitive addresses.
 */
public final class DeviceMemoryPool implements AutoCloseable {
    /** Smallest block, and the alignment of every size class. */
    public static final long MIN_BLOCK_BYTES = 256;
    private static final Logger LOG = Logger.getLogger(DeviceMemoryPool.class.getPackageName());
    /** Size classes up to 2^62 bytes: four (256 to 1024), then four per octave. */
    static final int CLASS_COUNT = 4 + 4 * (62 - 10);

    private final DeviceAllocator allocator;
    private final long maxCachedBytes;
    private final AddressStack[] free = new AddressStack[CLASS_COUNT];
    private final Set<DeviceBlock> inUse = new HashSet<>();  // identity: DeviceBlock keeps Object's equals
    private long bytesInUse;
    private long bytesCached;
    private long peakReserved;
    private long driverAllocations;
    private long driverFrees;
    private boolean closed;

    /** A pool that keeps every released block for reuse until {@link #trim()} or {@link #close()}. */
    public DeviceMemoryPool(DeviceAllocator allocator) {
        this(allocator, Long.MAX_VALUE);
    }

    public DeviceMemoryPool(DeviceAllocator allocator, long maxCachedBytes) {
        if (maxCachedBytes < 0) throw new IllegalArgumentException("maxCachedBytes must be >= 0, got " + maxCachedBytes);
        this.allocator = allocator;
        this.maxCachedBytes = maxCachedBytes;
    }

    /** The size class {@code bytes} is rounded up to. */
    static long sizeClass(long bytes) {
        if (bytes <= MIN_BLOCK_BYTES) return MIN_BLOCK_BYTES;
        int octave = 63 - Long.numberOfLeadingZeros(bytes - 1);  // 2^octave < bytes <= 2^(octave+1)
        long step = Math.max(MIN_BLOCK_BYTES, 1L << (octave - 2));  // a quarter of 2^octave
        return (bytes + step - 1) / step * step;
    }

    /** The index of a size class: 0-3 for 256..1024, then four per octave (5/4 .. 8/4 of its power of two). */
    static int classIndex(long size) {
        if (size <= 1024) return (int) (size / MIN_BLOCK_BYTES) - 1;
        int octave = 63 - Long.numberOfLeadingZeros(size - 1);
        return 4 + 4 * (octave - 10) + (int) (size >>> (octave - 2)) - 5;
    }

    /** The size class with index {@code index} (the inverse of {@link #classIndex}). */
    static long classSize(int index) {
        if (index < 4) return (index + 1) * MIN_BLOCK_BYTES;
        int octave = 10 + (index - 4) / 4;
        return (long) ((index - 4) % 4 + 5) << (octave - 2);
    }

    /** Lends a block of at least {@code bytes}. */
    public DeviceBlock acquire(long bytes) {
        if (closed) throw new IllegalStateException("acquire(" + bytes + " bytes): the pool is closed");
        if (bytes <= 0) throw new IllegalArgumentException("acquire: bytes must be positive, got " + bytes);
        long size = sizeClass(bytes);
        AddressStack list = free[classIndex(size)];
        long address;
        if (list != null && list.size > 0) {
            address = list.pop();
            bytesCached -= size;
        } else {
            address = allocateFromDriver(size, bytes);
        }
        DeviceBlock block = new DeviceBlock(this, address, size, bytes);
        inUse.add(block);
        bytesInUse += size;
        peakReserved = Math.max(peakReserved, bytesReserved());
        return block;
    }

    /** Lends a block for {@code count} floats. */
    public DeviceBlock acquireFloats(long count) {
        return acquire(Math.multiplyExact(Math.max(1, count), (long) Float.BYTES));
    }

    void release(DeviceBlock block) {
        if (block.pool() != this) throw new IllegalArgumentException(block + " belongs to another pool");
        if (block.isReleased()) {
            if (closed) return;  // the pool's close already took it back
            throw new IllegalStateException(block + " was released twice");
        }
        if (!inUse.remove(block)) {
            throw new IllegalStateException(block + " is not lent by this pool");
        }
        block.markReleased();
        bytesInUse -= block.capacity();
        int index = classIndex(block.capacity());
        AddressStack list = free[index];
        if (list == null) list = free[index] = new AddressStack();
        list.push(block.rawAddress());
        bytesCached += block.capacity();
        if (bytesCached > maxCachedBytes) shrinkCacheTo(maxCachedBytes);
    }

    /** Gives every cached (not lent) block back to the driver. */
    public void trim() {
        shrinkCacheTo(0);
    }

    private long allocateFromDriver(long size, long requested) {
        try {
            return countAllocation(allocator.allocate(size));
        } catch (OutOfDeviceMemoryException full) {
            if (bytesCached == 0) throw exhausted(requested, full);
            trim();
            try {
                return countAllocation(allocator.allocate(size));
            } catch (OutOfDeviceMemoryException stillFull) {
                throw exhausted(requested, stillFull);
            }
        }
    }

    private long countAllocation(long address) {
        driverAllocations++;
        return address;
    }

    private OutOfDeviceMemoryException exhausted(long requested, OutOfDeviceMemoryException cause) {
        return new OutOfDeviceMemoryException("acquire(" + requested + " bytes): device memory exhausted with "
                + bytesInUse + " bytes lent in " + inUse.size() + " blocks and the pool's cache emptied", cause);
    }

    /** Frees cached blocks, largest classes first, until at most {@code limit} bytes are cached. */
    private void shrinkCacheTo(long limit) {
        for (int index = CLASS_COUNT - 1; index >= 0 && bytesCached > limit; index--) {
            AddressStack list = free[index];
            long size = classSize(index);
            while (list != null && list.size > 0 && bytesCached > limit) {
                allocator.free(list.pop());
                driverFrees++;
                bytesCached -= size;
            }
        }
    }

    /** Bytes in lent blocks (size classes, not requests). */
    public long bytesInUse() {
        return bytesInUse;
    }

    /** Bytes held for reuse. */
    public long bytesCached() {
        return bytesCached;
    }

    /** Bytes taken from the driver and not yet given back: in use plus cached. */
    public long bytesReserved() {
        return bytesInUse + bytesCached;
    }

    public long peakBytesReserved() {
        return peakReserved;
    }

    public int blocksInUse() {
        return inUse.size();
    }

    /** Allocations made from the driver so far (stays flat once a loop is warm). */
    public long driverAllocations() {
        return driverAllocations;
    }

    public long driverFrees() {
        return driverFrees;
    }

    /**
     * Gives all memory back to the driver: the cache and any block still lent (a caller's leak,
     * logged once as a warning; such blocks become released).
     */
    @Override
    public void close() {
        close(true);
    }

    /**
     * {@link #close()}, without the warning when blocks are still lent: for an owner that lends
     * blocks to storages the garbage collector releases, and is shutting down on purpose.
     */
    void close(boolean warnIfLent) {
        if (closed) return;
        trim();
        if (!inUse.isEmpty()) {
            if (warnIfLent) LOG.log(Level.WARNING, "DeviceMemoryPool closed with {0} blocks ({1} bytes) still lent; freed them",
                    new Object[] {inUse.size(), bytesInUse});
            for (DeviceBlock block : inUse) {
                allocator.free(block.rawAddress());
                driverFrees++;
                block.markReleased();
            }
            inUse.clear();
            bytesInUse = 0;
        }
        closed = true;
    }

    /** A growable stack of addresses (no boxing). */
    private static final class AddressStack {
        private long[] items = new long[4];
        private int size;

        void push(long address) {
            if (size == items.length) items = Arrays.copyOf(items, size * 2);
            items[size++] = address;
        }

        long pop() {
            return items[--size];
        }
    }
}
