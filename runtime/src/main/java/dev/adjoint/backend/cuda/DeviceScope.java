package dev.adjoint.backend.cuda;

import dev.adjoint.backend.Storage;
import dev.adjoint.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A region whose CUDA tensors are released when it closes: deterministic device memory for
 * immutable tensors. Every device storage created on this thread while this is the innermost
 * open scope belongs to it; {@link #close()} gives all of them back to the memory pool at once,
 * in a fixed order, without waiting for the garbage collector. Tensors that must outlive the
 * scope are {@linkplain #keep kept}: they move to the enclosing scope, or, from the outermost,
 * to the garbage collector. {@link #adopt} does the reverse: it makes this scope the owner of
 * tensors made earlier, so that they die with it.
 *
 * <p>A training loop keeps its memory flat and its pool warm this way:
 *
 * <pre>{@code
 * Device gpu = Cuda.preferredDevice();
 * Params params = new Params(w0.to(gpu), b0.to(gpu));      // owned by the garbage collector
 * for (int step = 0; step < steps; step++) {
 *   try (DeviceScope scope = DeviceScope.open()) {
 *     scope.adopt(params.w(), params.b());                 // the old parameters die with this step
 *     Params grads = ModelGrad.lossGrad(params, x, y);     // every temporary belongs to the scope
 *     params = new Params(params.w().sub(grads.w().mul(lr)), params.b().sub(grads.b().mul(lr)));
 *     scope.keep(params.w(), params.b());                  // the new ones outlive it
 *   }                                                      // everything else is released here
 * }
 * }</pre>
 *
 * Using a tensor whose scope has closed fails with an {@link IllegalStateException} that says so;
 * it never reads memory that was reused. Without any scope, device memory goes back when the
 * garbage collector finds its tensors unreachable (and a collection is forced when the device
 * fills up): correct, but the moment is the collector's. Tensors on the CPU are always the
 * collector's; passing them here does nothing.
 *
 * <p>Scopes nest and belong to the thread that opened them: {@code keep}, {@code adopt} and
 * {@code close} are for the innermost open scope, on that thread (try-with-resources closes them
 * in the right order). The innermost scope of each thread is the only state kept per thread, and
 * only while a scope is open.
 */
public final class DeviceScope implements AutoCloseable {
    private static final ThreadLocal<DeviceScope> CURRENT = new ThreadLocal<>();

    private final DeviceScope parent;
    private final Thread thread = Thread.currentThread();
    private final List<DeviceAllocation> owned = new ArrayList<>(32);
    private boolean closed;

    private DeviceScope(DeviceScope parent) {
        this.parent = parent;
    }

    /** Opens a scope inside this thread's innermost open one (if any); close it with try-with-resources. */
    public static DeviceScope open() {
        DeviceScope scope = new DeviceScope(CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** This thread's innermost open scope, or null. */
    static DeviceScope current() {
        return CURRENT.get();
    }

    /** Lets {@code tensor} outlive this scope (see {@link #keep(Tensor...)}); returns it. */
    public Tensor keep(Tensor tensor) {
        requireInnermost("keep");
        keep(allocationOf(tensor));
        return tensor;
    }

    /**
     * Lets these tensors outlive this scope: their storages move to the enclosing scope, or to the
     * garbage collector when this is the outermost. Tensors this scope does not own are left as
     * they are (they already outlive it).
     */
    public void keep(Tensor... tensors) {
        requireInnermost("keep");
        for (Tensor t : tensors) keep(allocationOf(t));
    }

    /** {@link #keep(Tensor...)} for a collection, e.g. the leaves of a parameter tree. */
    public void keepAll(Iterable<Tensor> tensors) {
        requireInnermost("keep");
        for (Tensor t : tensors) keep(allocationOf(t));
    }

    /**
     * Makes this scope the owner of tensors created before it (by the collector or an enclosing
     * scope of this thread): they are released when it closes unless kept again. Use it for
     * values this step replaces, such as the previous parameters.
     */
    public void adopt(Tensor... tensors) {
        requireInnermost("adopt");
        for (Tensor t : tensors) adopt(allocationOf(t), t.storage());
    }

    /** {@link #adopt(Tensor...)} for a collection. */
    public void adoptAll(Iterable<Tensor> tensors) {
        requireInnermost("adopt");
        for (Tensor t : tensors) adopt(allocationOf(t), t.storage());
    }

    /** Device storages this scope owns now. */
    public int ownedCount() {
        return owned.size();
    }

    /** Releases every device storage this scope still owns, and makes the enclosing scope current again. */
    @Override
    public void close() {
        if (closed) return;
        requireInnermost("close");
        closed = true;
        CURRENT.set(parent);
        RuntimeException first = null;
        for (int i = owned.size() - 1; i >= 0; i--) {  // newest first, like a stack
            DeviceAllocation a = owned.get(i);
            try {
                a.memory.release(a);
            } catch (RuntimeException e) {
                if (first == null) first = e;  // release the rest, then report the first failure
            }
        }
        owned.clear();
        if (first != null) throw first;
    }

    // ---- ownership bookkeeping, also used directly by tests

    void own(DeviceAllocation allocation, Object storage) {
        allocation.takenBy(this, owned.size(), storage);
        owned.add(allocation);
    }

    void keep(DeviceAllocation a) {
        if (a == null || a.owner != this) return;
        if (a.isReleased()) throw new IllegalStateException("keep: the tensor's device memory was already released");
        disown(a);
        if (parent != null) parent.own(a, null);
        else a.memory.handToGc(a);
    }

    void adopt(DeviceAllocation a, Object storage) {
        if (a == null || a.owner == this) return;
        if (a.isReleased()) throw new IllegalStateException("adopt: the tensor's device memory was already released");
        DeviceScope from = a.owner;
        if (from == null) {
            a.memory.takeFromGc();
        } else {
            if (from.thread != thread) {
                throw new IllegalStateException("adopt: the tensor belongs to a DeviceScope of thread "
                        + from.thread.getName() + ", not of " + thread.getName());
            }
            from.disown(a);
        }
        own(a, storage);
    }

    private void disown(DeviceAllocation a) {
        int i = a.slot;
        DeviceAllocation last = owned.remove(owned.size() - 1);
        if (last != a) {
            owned.set(i, last);
            last.slot = i;
        }
        a.slot = -1;
    }

    private void requireInnermost(String op) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("DeviceScope." + op + ": the scope belongs to thread " + thread.getName()
                    + ", not to " + Thread.currentThread().getName());
        }
        if (closed) throw new IllegalStateException("DeviceScope." + op + ": the scope is closed");
        if (CURRENT.get() != this) {
            throw new IllegalStateException("DeviceScope." + op + ": a scope opened inside this one is still open;"
                    + " close scopes in reverse order (try-with-resources does)");
        }
    }

    private static DeviceAllocation allocationOf(Tensor tensor) {
        Storage s = tensor.storage();
        return s instanceof CudaStorage c ? c.allocation() : null;
    }
}
