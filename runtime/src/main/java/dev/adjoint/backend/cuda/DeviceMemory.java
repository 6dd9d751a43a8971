package dev.adjoint.backend.cuda;

import java.lang.ref.Cleaner;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The device memory of one {@link CudaBackend}: a {@link DeviceMemoryPool} and the ownership of
 * every storage allocated from it.
 *
 * <h2>Ownership</h2>
 * Every allocation has exactly one owner at a time:
 * <ul>
 *   <li>a {@link DeviceScope}: the innermost scope open on the allocating thread owns what is
 *       allocated there, and releases it when it closes, at once and in a fixed order, unless
 *       {@code keep} moved it to the enclosing scope (or, from the outermost, to the collector);
 *       {@code adopt} moves an existing tensor into a scope;</li>
 *   <li>the garbage collector: with no scope open, the storage's reachability decides. A
 *       {@link Cleaner} queues its allocation when the storage becomes unreachable, and the queue
 *       is drained (under this object's lock, on a thread using the backend) at the next
 *       allocation. When the device is full and the collector still owns memory, a collection is
 *       requested and the allocation tried again before giving up.</li>
 * </ul>
 * Scopes make a training loop's memory use deterministic: the same steps take and give back the
 * same blocks, so after the first step the pool never goes to the driver again. The collector is
 * the safety net for code that opens no scope; it never frees memory a scope owns.
 *
 * <p>Thread-safety: every method synchronizes on this object, which is also the lock the
 * backend holds while it queues work (the stream and the pool serve one thread at a time).
 */
final class DeviceMemory implements AutoCloseable {
    /**
     * One daemon thread for the process, shared by every backend: it only moves allocations of
     * unreachable storages onto their memory's queue (it never touches a pool or the driver).
     */
    static final Cleaner CLEANER = Cleaner.create();
    private static final long COLLECTION_WAIT_MILLIS = 200;
    private static final int COLLECTION_ATTEMPTS = 3;

    private final DeviceMemoryPool pool;
    private final Runnable requestCollection;
    private final Queue<DeviceAllocation> collected = new ConcurrentLinkedQueue<>();
    private long live;
    private long gcOwned;
    private long releasedByScopes;
    private long releasedByGc;
    private boolean closed;

    DeviceMemory(DeviceMemoryPool pool) {
        this(pool, System::gc);
    }

    /** {@code requestCollection} runs when the device is full while the collector owns memory ({@code System::gc}). */
    DeviceMemory(DeviceMemoryPool pool, Runnable requestCollection) {
        this.pool = pool;
        this.requestCollection = requestCollection;
    }

    /**
     * Room for {@code floats} floats (at least one), owned by this thread's innermost open scope,
     * or by the collector when none is open. The caller binds the storage with
     * {@link DeviceAllocation#attach}.
     */
    synchronized DeviceAllocation allocate(long floats) {
        if (closed) throw new IllegalStateException("the CUDA backend's memory was closed");
        drainCollected();
        DeviceBlock block = acquire(Math.max(1, floats) * Float.BYTES);
        DeviceAllocation allocation = new DeviceAllocation(this, block, floats);
        live++;
        DeviceScope scope = DeviceScope.current();
        if (scope != null) {
            scope.own(allocation, null);
        } else {
            gcOwned++;
        }
        return allocation;
    }

    /** Scratch space for one operation, released by the caller (try-with-resources) before it returns. */
    synchronized DeviceBlock scratch(long floats) {
        drainCollected();
        return acquire(Math.max(1, floats) * Float.BYTES);
    }

    private DeviceBlock acquire(long bytes) {
        try {
            return pool.acquire(bytes);
        } catch (OutOfDeviceMemoryException full) {
            for (int attempt = 0; attempt < COLLECTION_ATTEMPTS && gcOwned > 0; attempt++) {
                requestCollection.run();
                awaitCollected();
                if (drainCollected() == 0) continue;
                try {
                    return pool.acquire(bytes);
                } catch (OutOfDeviceMemoryException stillFull) {
                    full = stillFull;
                }
            }
            throw new OutOfDeviceMemoryException(full.getMessage() + "; " + (live - gcOwned)
                    + " tensor storages are owned by open DeviceScopes and " + gcOwned
                    + " by the garbage collector (still reachable)", full);
        }
    }

    private void awaitCollected() {
        long deadline = System.nanoTime() + COLLECTION_WAIT_MILLIS * 1_000_000;
        while (collected.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Releases at once (a scope closing); does nothing if already released. */
    synchronized void release(DeviceAllocation allocation) {
        if (allocation.isReleased()) return;
        boolean byGc = allocation.owner == null;
        allocation.markReleasedAndFree();
        live--;
        if (byGc) {
            gcOwned--;
            releasedByGc++;
        } else {
            releasedByScopes++;
        }
    }

    /** A scope let go of it: from now on the collector owns it. */
    synchronized void handToGc(DeviceAllocation allocation) {
        allocation.handToGc();
        gcOwned++;
    }

    /** A scope is adopting an allocation the collector owned (its Cleaner stays registered and will find it owned). */
    synchronized void takeFromGc() {
        gcOwned--;
    }

    /** From the Cleaner's thread: no lock, only the queue. */
    void enqueueCollected(DeviceAllocation allocation) {
        collected.add(allocation);
    }

    /** Releases what the collector found unreachable; returns how many. */
    synchronized int drainCollected() {
        int count = 0;
        DeviceAllocation a;
        while ((a = collected.poll()) != null) {
            if (a.owner == null && !a.isReleased()) {
                release(a);
                count++;
            }
        }
        return count;
    }

    /** Storages allocated and not yet released. */
    synchronized long liveAllocations() {
        return live;
    }

    /** Of those, the ones the garbage collector owns. */
    synchronized long gcOwnedAllocations() {
        return gcOwned;
    }

    synchronized long releasedByScopes() {
        return releasedByScopes;
    }

    synchronized long releasedByGc() {
        return releasedByGc;
    }

    DeviceMemoryPool pool() {
        return pool;
    }

    /**
     * Gives all the pool's memory back to the driver (a backend shut down on purpose: tests,
     * benchmarks). Storages still alive become unusable: their blocks are marked released.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        pool.close(false);
    }
}
