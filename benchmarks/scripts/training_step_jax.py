#!/usr/bin/env python3
"""One seed-003 training step (1-30-20-1 tanh network, squared error / batch size, Adam 1e-2)
as a single jax.jit function, timed on the CPU: the JAX counterpart of the TrainingStep JMH
benchmark. Same network, batch of 32, seed 45 and key splits as the demo, one fixed batch.

Prints microseconds per step: the mean over all timed blocks and the fastest block (the machine
may be shared, so the fastest block is the least disturbed one). Each block runs --steps steps
back to back (each step's output feeds the next, as in training) and waits for the last with
block_until_ready, so Python's dispatch of every step is included, as the Java side's call is.

Usage: training_step_jax.py [--steps N] [--blocks N] [--warmup N]
"""
import argparse
import statistics
import time

import jax
import jax.numpy as jnp

# The demo's keys are JAX's classic Threefry scheme (RandomKey.of(seed)); JAX 0.5 and later
# default to the partitionable one, which draws other numbers. With the classic scheme the
# parameters and batch are the Java benchmark's own, and the first loss printed below matches it.
jax.config.update("jax_threefry_partitionable", False)

LAYERS = (1, 30, 20, 1)
SEED = 45
BATCH = 32
RANGE = 3.0
LEARNING_RATE = 1e-2


def initialize(key, sizes):
    """Weights normal / sqrt(fan in), shape [out, in]; biases zero (as CurveFit.initialize)."""
    weights, biases = [], []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        key, sub = jax.random.split(key)
        weights.append(jax.random.normal(sub, (fan_out, fan_in)) / jnp.sqrt(fan_in))
        biases.append(jnp.zeros(fan_out))
    return weights, biases


def network(params, x):
    weights, biases = params
    h = x
    for i, (w, b) in enumerate(zip(weights, biases)):
        h = h @ w.T + b
        if i < len(weights) - 1:
            h = jnp.tanh(h)
    return h


def loss(params, x, y):
    return jnp.sum(jnp.square(network(params, x) - y)) / x.shape[0]


def adam_optax():
    """optax's Adam, the optimizer the Java runtime reproduces; None where optax is missing."""
    try:
        import optax
    except ImportError:
        return None
    optimizer = optax.adam(LEARNING_RATE)

    def init(params):
        return optimizer.init(params)

    def apply(params, grads, state):
        updates, state = optimizer.update(grads, state, params)
        return optax.apply_updates(params, updates), state

    return "optax", init, apply


def adam_jnp(b1=0.9, b2=0.999, eps=1e-8):
    """The same update in jax.numpy: bias-corrected moments, eps outside the root."""

    def init(params):
        zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
        return jnp.zeros((), jnp.int32), zeros, zeros

    def apply(params, grads, state):
        count, mu, nu = state
        count = count + 1
        mu = jax.tree_util.tree_map(lambda m, g: (1 - b1) * g + b1 * m, mu, grads)
        nu = jax.tree_util.tree_map(lambda v, g: (1 - b2) * g * g + b2 * v, nu, grads)
        c1 = 1 - b1 ** count
        c2 = 1 - b2 ** count
        params = jax.tree_util.tree_map(
            lambda p, m, v: p - LEARNING_RATE * (m / c1) / (jnp.sqrt(v / c2) + eps), params, mu, nu)
        return params, (count, mu, nu)

    return "jax.numpy", init, apply


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000, help="steps per timed block")
    parser.add_argument("--blocks", type=int, default=30, help="timed blocks")
    parser.add_argument("--warmup", type=int, default=2000, help="steps before timing")
    parser.add_argument("--adam", choices=("optax", "jnp"), default="optax")
    args = parser.parse_args()

    optimizer = (adam_optax() if args.adam == "optax" else None) or adam_jnp()
    name, adam_init, adam_apply = optimizer

    # the demo's key splits: one for its first look at the network, then initialization, then a batch
    key = jax.random.PRNGKey(SEED)
    _, key = jax.random.split(key)
    init_key, key = jax.random.split(key)
    params = initialize(init_key, LAYERS)
    batch_key, key = jax.random.split(key)
    x = jax.random.uniform(batch_key, (BATCH, 1), minval=-RANGE, maxval=RANGE)
    y = jnp.exp(-x * x) * jnp.sin(5 * x)

    @jax.jit
    def step(params, state, x, y):
        value, grads = jax.value_and_grad(loss)(params, x, y)
        params, state = adam_apply(params, grads, state)
        return params, state, value

    initial = (params, adam_init(params))
    params, state = initial
    for _ in range(args.warmup):
        params, state, value = step(params, state, x, y)
    jax.block_until_ready(value)

    per_step = []
    for _ in range(args.blocks):
        # every block starts from the initial parameters, as every JMH iteration does
        params, state = initial
        start = time.perf_counter()
        for _ in range(args.steps):
            params, state, value = step(params, state, x, y)
        jax.block_until_ready((params, state, value))
        per_step.append((time.perf_counter() - start) / args.steps * 1e6)

    print(f"jax {jax.__version__} on {jax.devices()[0]}, Adam from {name}, "
          f"{args.blocks} blocks of {args.steps} steps after {args.warmup} warm-up steps")
    print(f"first loss {float(step(*initial, x, y)[2]):.6f}")
    print(f"jax_us_per_step mean {statistics.mean(per_step):.2f} best {min(per_step):.2f} "
          f"median {statistics.median(per_step):.2f}")


if __name__ == "__main__":
    main()
