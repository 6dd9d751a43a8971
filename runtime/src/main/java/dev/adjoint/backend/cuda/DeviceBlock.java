package dev.adjoint.backend.cuda;

/**
 * A piece of device memory lent by a {@link DeviceMemoryPool}. Closing it gives it back to the
 * pool at once (deterministically, never by the garbage collector); it may be closed only once.
 */
public final class DeviceBlock implements AutoCloseable {
    private final DeviceMemoryPool pool;
    private final long address;
    private final long capacity;
    private final long requested;
    private boolean released;

    DeviceBlock(DeviceMemoryPool pool, long address, long capacity, long requested) {
        this.pool = pool;
        this.address = address;
        this.capacity = capacity;
        this.requested = requested;
    }

    public long address() {
        if (released) throw new IllegalStateException("device block " + this + " was already released");
        return address;
    }

    /** Bytes usable at {@link #address()}: the request rounded up to the pool's size class. */
    public long capacity() {
        return capacity;
    }

    /** Bytes asked for. */
    public long requestedBytes() {
        return requested;
    }

    public boolean isReleased() {
        return released;
    }

    /** Gives the block back to its pool. */
    @Override
    public void close() {
        pool.release(this);
    }

    long rawAddress() {
        return address;
    }

    void markReleased() {
        released = true;
    }

    DeviceMemoryPool pool() {
        return pool;
    }

    @Override
    public String toString() {
        return "DeviceBlock[0x" + Long.toHexString(address) + ", " + capacity + " bytes]";
    }
}
