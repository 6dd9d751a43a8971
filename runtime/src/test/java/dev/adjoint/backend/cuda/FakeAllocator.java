package dev.adjoint.backend.cuda;

import java.util.HashMap;
import java.util.Map;

/** A device allocator in host bookkeeping only: addresses, live bytes, and a capacity to run out of. */
final class FakeAllocator implements DeviceAllocator {
    private final long capacity;
    private final Map<Long, Long> live = new HashMap<>();
    private long nextAddress = 0x7f00_0000_0000L;
    private long liveBytes;
    int allocations;
    int frees;

    FakeAllocator(long capacity) {
        this.capacity = capacity;
    }

    @Override
    public long allocate(long bytes) {
        if (liveBytes + bytes > capacity) {
            throw new OutOfDeviceMemoryException("fake device full: " + liveBytes + " + " + bytes + " > " + capacity);
        }
        long address = nextAddress;
        nextAddress += (bytes + 255) / 256 * 256 + 256;
        live.put(address, bytes);
        liveBytes += bytes;
        allocations++;
        return address;
    }

    @Override
    public void free(long address) {
        Long bytes = live.remove(address);
        if (bytes == null) throw new AssertionError("free of an address that is not live: 0x" + Long.toHexString(address));
        liveBytes -= bytes;
        frees++;
    }

    long liveBytes() {
        return liveBytes;
    }

    int liveAllocations() {
        return live.size();
    }
}
