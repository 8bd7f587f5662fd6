#!/usr/bin/env python3
"""Independent NumPy reference for GraphKD's FeatureHint with a fixed projector:
P(h) = h W + b;  mse = mean((P(h_s) - h_t)^2);  cosine = mean(1 - cos(P(h_s)_i, h_t_i)).
Prints the golden values checked in Tests/DistillationTests/SoftLabelDistillationTests.swift."""
import numpy as np

hs = np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 3.0]])
ht = np.array([[0.2, 0.1, -0.3], [1.0, 0.0, 0.5], [-0.5, 0.4, 0.9]])
W = np.array([[0.3, -0.1, 0.2], [0.05, 0.4, -0.25]])
b = np.array([0.1, 0.0, -0.1])
p = hs @ W + b
mse = np.mean((p - ht) ** 2)
cos = np.sum(p * ht, axis=1) / (np.linalg.norm(p, axis=1) * np.linalg.norm(ht, axis=1))
print("%.6f %.6f" % (mse, np.mean(1 - cos)))
