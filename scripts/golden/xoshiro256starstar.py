#!/usr/bin/env python3
"""Independent reference for GraphKD's Xoshiro256StarStar: SplitMix64 seeding, then
xoshiro256** 1.0 (Blackman & Vigna). Prints the first outputs for the seeds the tests check
(Tests/TensorsTests/Random/Xoshiro256StarStarTests.swift)."""
M = (1 << 64) - 1

def splitmix(x):
    out = []
    for _ in range(4):
        x = (x + 0x9E3779B97F4A7C15) & M
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        out.append(z ^ (z >> 31))
    return out

def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M

def stream(seed, n):
    s = splitmix(seed)
    res = []
    for _ in range(n):
        r = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
        res.append(r)
    return res

for seed in (0, 42):
    print(seed, [hex(v) for v in stream(seed, 4)])
