package dev.adjoint.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The ownership model over a million simulated training steps on a fake allocator: device memory
 * in use, the pool's blocks and the driver's allocations stay exactly flat after the first step,
 * with the parameters handed from step to step (kept out of one step's scope, adopted by the
 * next) and every temporary released when its scope closes, also from a nested scope.
 */
class DeviceMemoryLeakTest {
    private static final int STEPS = 1_000_000;
    /** Sizes (floats) of one step's temporaries: activations, gradients, scratch of a small network. */
    private static final long[] TEMPORARIES = {1024 * 512, 512 * 10, 1, 784 * 512};
    private static final long[] PARAMETERS = {784 * 512, 512, 10};

    @Test
    void aMillionStepsTakeNothingFromTheDriverAfterTheFirst() {
        FakeAllocator driver = new FakeAllocator(1L << 34);
        DeviceMemoryPool pool = new DeviceMemoryPool(driver);
        DeviceMemory memory = new DeviceMemory(pool, () -> { throw new AssertionError("no collection is ever needed"); });
        DeviceAllocation[] params = new DeviceAllocation[PARAMETERS.length];
        Object[] paramStorages = new Object[PARAMETERS.length];
        for (int i = 0; i < params.length; i++) {  // the initial parameters, owned by the collector
            params[i] = memory.allocate(PARAMETERS[i]);
            params[i].attach(paramStorages[i] = new Object());
        }
        long driverAllocationsAfterFirstStep = -1;
        long bytesInUse = -1;
        for (int step = 0; step < STEPS; step++) {
            try (DeviceScope scope = DeviceScope.open()) {
                for (int i = 0; i < params.length; i++) scope.adopt(params[i], paramStorages[i]);
                for (long floats : TEMPORARIES) memory.allocate(floats).attach(new Object());
                DeviceAllocation[] grads = new DeviceAllocation[PARAMETERS.length];
                try (DeviceScope backward = DeviceScope.open()) {  // a nested scope: gradients kept out to the step's
                    for (long floats : TEMPORARIES) memory.allocate(floats).attach(new Object());
                    for (int i = 0; i < grads.length; i++) {
                        grads[i] = memory.allocate(PARAMETERS[i]);
                        grads[i].attach(new Object());
                        backward.keep(grads[i]);
                    }
                }
                assertEquals(DeviceScope.current(), scope);
                for (int i = 0; i < params.length; i++) {  // the update: new parameters outlive the step
                    params[i] = memory.allocate(PARAMETERS[i]);
                    params[i].attach(paramStorages[i] = new Object());
                    scope.keep(params[i]);
                }
            }
            if (step == 0) {
                driverAllocationsAfterFirstStep = pool.driverAllocations();
                bytesInUse = pool.bytesInUse();
            }
            if (step % 1000 == 0 || step == STEPS - 1) {
                assertEquals(PARAMETERS.length, memory.liveAllocations(), "live storages after step " + step);
                assertEquals(PARAMETERS.length, memory.gcOwnedAllocations(), "the parameters, between steps");
                assertEquals(PARAMETERS.length, pool.blocksInUse(), "blocks lent after step " + step);
                assertEquals(bytesInUse, pool.bytesInUse(), "bytes lent after step " + step);
                assertEquals(driverAllocationsAfterFirstStep, pool.driverAllocations(), "driver allocations after step " + step);
                assertEquals(driverAllocationsAfterFirstStep, driver.liveAllocations(), "the driver holds what the pool took");
            }
        }
        long perStep = 2L * TEMPORARIES.length + 2L * PARAMETERS.length;
        assertEquals(STEPS * perStep, memory.releasedByScopes(), "every temporary and old parameter released by a scope");
        assertEquals(0, memory.releasedByGc());
        assertTrue(driverAllocationsAfterFirstStep <= perStep + PARAMETERS.length, "the pool reuses within a step too");
        memory.close();
        assertEquals(0, driver.liveAllocations());
        assertEquals(0, driver.liveBytes());
    }
}
