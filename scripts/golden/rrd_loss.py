#!/usr/bin/env python3
"""Independent NumPy reference for GraphKD's relaxedRankingLoss (RRD, Kang et al. CIKM 2020):
loss = -sum_b sum_k [ s_bk - log( sum_{j>=k} exp(s_bj) + sum_l exp(u_bl) ) ],
written as the reference code's flip/cumsum form in float64. Prints the golden value checked in
Tests/RecommendationTests/RelaxedRankingLossTests.swift."""
import numpy as np

S = np.array([[2.0, 1.5, -0.5], [0.3, 0.8, -1.0]], dtype=np.float64)
U = np.array([[0.1, -0.2, 1.0, 0.0], [0.5, -1.5, 0.2, 0.4]], dtype=np.float64)

above = S.sum(axis=1)
below1 = np.flip(np.cumsum(np.flip(np.exp(S), axis=1), axis=1), axis=1)  # sum_{j>=k} exp(s_j)
below2 = np.exp(U).sum(axis=1, keepdims=True)
below = np.log(below1 + below2).sum(axis=1)
print("%.6f" % (-(above - below).sum()))
