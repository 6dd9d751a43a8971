"""Times one training step of a 784-512-512-10 ReLU MLP (mean softmax cross-entropy, optax.adam,
float32, batch 1024) in JAX: jax.jit of jax.value_and_grad plus the optax update, traced under
jax.default_matmul_precision('highest') so matrix products are true float32 (no TF32). The same
model, batch and timing as MlpStepBenchmark.java: a fixed random batch, warm-up steps (the first
compiles), then each step's wall time until its loss is ready; median and 10th/90th percentiles.
Prints impl,device,batch,median_ms,p10_ms,p90_ms,steps,first_loss,last_loss."""
import sys
import time

import jax
import jax.numpy as jnp
import optax

SIZES = (784, 512, 512, 10)


def init(key):
    params = []
    for k, n_in, n_out in zip(jax.random.split(key, 3), SIZES[:-1], SIZES[1:]):
        params.append((jax.random.normal(k, (n_in, n_out), jnp.float32) * jnp.sqrt(2.0 / n_in),
                       jnp.zeros((n_out,), jnp.float32)))
    return params


def loss(params, x, labels):
    h = x
    for w, b in params[:-1]:
        h = jax.nn.relu(h @ w + b)
    w, b = params[-1]
    logits = h @ w + b
    return -jnp.mean(jnp.sum(jax.nn.log_softmax(logits, axis=1) * labels, axis=1))


def main(batch, steps, warmup):
    print("devices:", jax.devices(), file=sys.stderr)
    with jax.default_matmul_precision("highest"):
        k_params, k_x, k_y = jax.random.split(jax.random.PRNGKey(0), 3)
        params = init(k_params)
        x = jax.random.normal(k_x, (batch, SIZES[0]), jnp.float32)
        labels = jax.nn.one_hot(jax.random.randint(k_y, (batch,), 0, 10), 10, dtype=jnp.float32)
        optimizer = optax.adam(1e-3, b1=0.9, b2=0.999, eps=1e-8)
        state = optimizer.init(params)

        @jax.jit
        def step(params, state, x, labels):
            value, grads = jax.value_and_grad(loss)(params, x, labels)
            updates, state = optimizer.update(grads, state, params)
            return optax.apply_updates(params, updates), state, value

        times, first, last = [], None, None
        for s in range(warmup + steps):
            start = time.perf_counter()
            params, state, value = step(params, state, x, labels)
            value = float(value)  # waits for the step, as the Java side's item() does
            end = time.perf_counter()
            first = value if first is None else first
            last = value
            if s >= warmup:
                times.append((end - start) * 1e3)
    times.sort()
    device = jax.devices()[0].platform
    print("impl,device,batch,median_ms,p10_ms,p90_ms,steps,first_loss,last_loss")
    print(f"jax,{device},{batch},{times[steps // 2]:.4f},{times[steps // 10]:.4f},{times[steps * 9 // 10]:.4f},"
          f"{steps},{first:.5f},{last:.5f}")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*(args + [1024, 200, 30][len(args):]))
