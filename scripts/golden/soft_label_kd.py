#!/usr/bin/env python3
"""Independent NumPy reference for GraphKD's SoftLabelDistillation (output-layer KD):
L = a*CE(y, softmax(z)) + (1-a)*T^2*KL(p_T || softmax(z/T)), p_T = softmax(log(p)/T),
CE over the labelled rows, KL averaged over all rows. Prints the golden value checked in
Tests/DistillationTests/SoftLabelDistillationTests.swift."""
import numpy as np

z = np.array([[1.0, -0.5, 0.2], [0.3, 0.8, -1.0], [-0.2, 0.1, 0.4], [2.0, 0.0, -2.0]], dtype=np.float64)
p = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]], dtype=np.float64)
y = np.array([0, 1, -1, 0])
labelled = [0, 1, 3]
T, a = 2.0, 0.3

def log_softmax(x):
    m = x.max(axis=1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=1, keepdims=True))

ce = -np.mean([log_softmax(z)[i, y[i]] for i in labelled])
pt = np.exp(log_softmax(np.log(p) / T))
kl = np.mean(np.sum(pt * (np.log(pt) - log_softmax(z / T)), axis=1))
print("%.6f" % (a * ce + (1 - a) * T * T * kl))
