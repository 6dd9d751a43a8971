package dev.adjoint.backend.cuda;

import java.lang.ref.Cleaner;

/**
 * The device memory of one tensor storage, and who releases it: the {@link DeviceScope} that owns
 * it, or, with no owner, the garbage collector (through a {@link java.lang.ref.Cleaner} registered
 * on the storage). Released exactly once; after that its address is refused, so a tensor used
 * after its scope closed fails with a clear error instead of reading reused memory.
 *
 * <p>Owner changes happen on the owning scope's thread; {@link #collectedByGc} runs on the
 * Cleaner's thread and only reads, hence the volatile fields.
 */
final class DeviceAllocation {
    final DeviceMemory memory;
    private final DeviceBlock block;
    private final long floats;
    /** The owning scope, or null when the garbage collector releases it. */
    volatile DeviceScope owner;
    /** This allocation's index in its owner's list (O(1) removal when ownership moves). */
    int slot = -1;
    /** The storage, held only while a scope owns it (so it can be handed to the Cleaner if kept out). */
    private Object holder;
    /**
     * The Cleaner registration while the collector owns it. Unregistered (by running its action,
     * which then finds an owner or the release and does nothing) as soon as a scope adopts it or it
     * is released, so a storage handed back and forth every step leaves no phantom reference behind
     * for the collector to process.
     */
    private Cleaner.Cleanable cleanable;
    private volatile boolean released;

    DeviceAllocation(DeviceMemory memory, DeviceBlock block, long floats) {
        this.memory = memory;
        this.block = block;
        this.floats = floats;
    }

    /** The device address, or an error naming {@code op} when the memory was already released. */
    long address(String op) {
        if (released) {
            throw new IllegalStateException(op + ": this tensor's device memory was released when the DeviceScope that"
                    + " owned it closed; keep(...) tensors that must outlive their scope, or compute them outside it");
        }
        return block.address();
    }

    /** Floats the storage holds (the block may be larger: a size class). */
    long floats() {
        return floats;
    }

    long bytes() {
        return block.capacity();
    }

    boolean isReleased() {
        return released;
    }

    /**
     * Binds the storage object whose reachability decides release when no scope owns it: registers
     * the Cleaner now if the garbage collector already owns the allocation, else remembers the
     * storage for the moment a scope lets it go ({@link #handToGc}).
     */
    void attach(Object storage) {
        if (owner == null) cleanable = DeviceMemory.CLEANER.register(storage, this::collectedByGc);
        else holder = storage;
    }

    /** Called (under the memory's lock) when the last scope lets go: the storage's reachability now decides. */
    void handToGc() {
        owner = null;
        slot = -1;
        Object storage = holder;
        holder = null;
        if (storage != null) cleanable = DeviceMemory.CLEANER.register(storage, this::collectedByGc);
    }

    /** Called when a scope takes it over; a non-null {@code storage} is kept for a later {@link #handToGc}. */
    void takenBy(DeviceScope scope, int index, Object storage) {
        owner = scope;
        slot = index;
        if (storage != null) holder = storage;
        unregister();
    }

    /** Marks it released and gives the block back; only {@link DeviceMemory#release} calls this. */
    void markReleasedAndFree() {
        released = true;
        holder = null;
        unregister();
        block.close();
    }

    private void unregister() {
        Cleaner.Cleanable c = cleanable;
        if (c != null) {
            cleanable = null;
            c.clean();  // the action now finds an owner or the release: it only drops the reference
        }
    }

    /** The Cleaner's action: the storage became unreachable; if nobody else releases it, queue it. */
    private void collectedByGc() {
        if (owner == null && !released) memory.enqueueCollected(this);
    }
}
