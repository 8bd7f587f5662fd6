#!/usr/bin/env python3
"""Independent NumPy reference for GraphKD's structure-preserving losses.

LSP (Yang et al., CVPR 2020): per node i, q_ij = softmax_j over neighbours j of s(h_i, h_j);
loss = mean over nodes with neighbours of KL(q_teacher_i || q_student_i).
Kernels: gaussian s_ij = -d_ij / mean(d) with d_ij = ||h_i - h_j||^2 (mean over the compared
pairs), linear s_ij = h_i . h_j. The relational variant is the same on a given set of sampled
anchor pairs. Prints the golden values checked in Tests/DistillationTests/StructureLossTests.swift."""
import numpy as np

hs = np.array([[1.0, -0.5], [0.3, 0.8], [-0.2, 0.1], [0.5, 0.5], [0.0, 1.0]])
ht = np.array([[0.2, 0.1, -0.3], [1.0, 0.0, 0.5], [-0.5, 0.4, 0.9], [0.3, -0.2, 0.1], [0.7, 0.7, 0.0]])
graph = {0: [1, 2], 1: [0, 2], 2: [0, 1, 3], 3: [2], 4: []}  # node 4 isolated
pairs = {0: [2, 4], 1: [0, 3], 2: [1, 4], 3: [0, 1], 4: [2, 3]}


def scores(h, rows, kernel):
    edges = [(i, j) for i in sorted(rows) for j in rows[i]]
    if kernel == "linear":
        s = {e: float(h[e[0]] @ h[e[1]]) for e in edges}
    else:
        d = {e: float(np.sum((h[e[0]] - h[e[1]]) ** 2)) for e in edges}
        m = np.mean(list(d.values()))
        s = {e: -d[e] / m for e in edges}
    return s


def distributions(h, rows, kernel):
    s = scores(h, rows, kernel)
    out = {}
    for i in sorted(rows):
        if not rows[i]:
            continue
        v = np.array([s[(i, j)] for j in rows[i]])
        v = np.exp(v - v.max())
        out[i] = v / v.sum()
    return out


def loss(rows, kernel):
    p = distributions(ht, rows, kernel)
    q = distributions(hs, rows, kernel)
    return np.mean([np.sum(p[i] * (np.log(p[i]) - np.log(q[i]))) for i in p])


print("lsp gaussian %.6f" % loss(graph, "gaussian"))
print("lsp linear %.6f" % loss(graph, "linear"))
print("relational gaussian %.6f" % loss(pairs, "gaussian"))
