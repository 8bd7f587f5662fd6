#!/usr/bin/env python3
"""Independent NumPy reference for GraphKD's DistillationExperts (DE-RRD, Kang et al. CIKM 2020)
with fixed weights and fixed Gumbel noise:
E_m(h) = relu(h W1_m + b1_m) W2_m + b2_m;  pi = softmax(h_t Ws + bs);
a = softmax((log pi + g) / tau);  loss = mean_i || h_t_i - sum_m a_im E_m(h_s_i) ||^2.
Prints the golden value checked in Tests/DistillationTests/DistillationExpertsTests.swift."""
import numpy as np

hs = np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 3.0]])
ht = np.array([[0.2, 0.1, -0.3], [1.0, 0.0, 0.5], [-0.5, 0.4, 0.9]])
experts = [
    (np.array([[0.3, -0.2], [0.1, 0.4]]), np.array([0.05, -0.1]),
     np.array([[0.2, -0.3, 0.5], [0.4, 0.1, -0.2]]), np.array([0.0, 0.1, -0.05])),
    (np.array([[-0.1, 0.25], [0.35, -0.15]]), np.array([0.0, 0.2]),
     np.array([[-0.3, 0.2, 0.1], [0.15, -0.25, 0.3]]), np.array([0.05, 0.0, 0.1])),
]
Ws = np.array([[0.5, -0.5], [0.2, 0.3], [-0.4, 0.1]])
bs = np.array([0.1, -0.1])
g = np.array([[0.3, -0.2], [1.1, 0.4], [-0.5, 0.7]])
tau = 0.5


def softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


pi = softmax(ht @ Ws + bs)
a = softmax((np.log(pi) + g) / tau)
outs = [np.maximum(hs @ W1 + b1, 0) @ W2 + b2 for (W1, b1, W2, b2) in experts]
mixed = sum(a[:, [m]] * outs[m] for m in range(len(experts)))
print("de %.6f" % np.mean(np.sum((ht - mixed) ** 2, axis=1)))
print("selection", np.round(a, 6).tolist())
