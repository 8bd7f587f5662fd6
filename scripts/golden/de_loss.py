#!/usr/bin/env python3
"""Independent NumPy reference for GraphKD's DistillationExperts loss with fixed parameters and
fixed Gumbel noise: alpha = softmax(t W_sel + b_sel), s = softmax((log(alpha + 1e-10) + g) / tau),
E_m(h) = relu(h W1_m + b1_m) W2_m + b2_m, loss = sum_rows ||t - sum_m s_m E_m(h_s)||^2.
The parameters are deterministic functions of their index (the Swift test builds the same).
Prints the golden value checked in Tests/RecommendationTests/DistillationExpertsTests.swift."""
import numpy as np

def fill(shape, scale, offset):
    n = int(np.prod(shape))
    return (scale * np.sin(np.arange(n) * 0.7 + offset)).reshape(shape)

ds, dt, M, H, n = 2, 3, 2, 2, 2  # hidden = (ds + dt) // 2 = 2
hs = fill((n, ds), 1.0, 0.1)
t = fill((n, dt), 1.0, 0.2)
W1 = fill((ds, M * H), 0.5, 0.3)
b1 = fill((M * H,), 0.1, 0.4)
W2 = [fill((H, dt), 0.5, 0.5 + m) for m in range(M)]
b2 = [fill((dt,), 0.1, 0.6 + m) for m in range(M)]
Ws = fill((dt, M), 0.5, 0.7)
bs = fill((M,), 0.1, 0.8)
g = fill((n, M), 0.3, 0.9)
tau = 0.5

def softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)

alpha = softmax(t @ Ws + bs)
s = softmax((np.log(alpha + 1e-10) + g) / tau)
h = np.maximum(hs @ W1 + b1, 0)
out = sum(s[:, m:m + 1] * (h[:, m * H:(m + 1) * H] @ W2[m] + b2[m]) for m in range(M))
print("%.6f" % ((t - out) ** 2).sum())
