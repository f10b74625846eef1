"""Reference values for the sampler's math, computed with scipy. Run once to refresh
sampler-references.json; the app never depends on Python."""
import json
import numpy as np
from scipy import special, stats, integrate

out = {}
xs = [0.3, 1.0, 2.5, 7.0, 30.0, 1234.5]
out["digamma"] = [[x, float(special.digamma(x))] for x in xs]
out["trigamma"] = [[x, float(special.polygamma(1, x))] for x in xs]
out["logGamma"] = [[x, float(special.gammaln(x))] for x in xs]
beta_cases = [(0.02, 3, 97), (0.5, 2, 2), (0.031, 120.5, 3880.2), (0.9, 5, 1), (0.001, 1.5, 800)]
out["betaCdf"] = [[x, a, b, float(stats.beta.cdf(x, a, b))] for x, a, b in beta_cases]
out["betaQuantile"] = [[p, a, b, float(stats.beta.ppf(p, a, b))] for p, a, b in [(0.05, 30, 970), (0.95, 30, 970), (0.5, 2, 5), (0.025, 1.2, 300)]]
out["normalQuantile"] = [[p, float(stats.norm.ppf(p))] for p in [1e-6, 0.01, 0.3, 0.5, 0.975, 0.999999]]

def p_best_normal(mus, sigmas):
    res = []
    for i in range(len(mus)):
        def f(x, i=i):
            v = stats.norm.pdf(x, mus[i], sigmas[i])
            for j in range(len(mus)):
                if j != i:
                    v *= stats.norm.cdf(x, mus[j], sigmas[j])
            return v
        lo = mus[i] - 12 * sigmas[i]
        hi = mus[i] + 12 * sigmas[i]
        val, _ = integrate.quad(f, lo, hi, limit=500, epsabs=1e-12, points=[mus[i]])
        res.append(val)
    return res

def p_best_beta(alphas, betas):
    res = []
    for i in range(len(alphas)):
        def f(x, i=i):
            v = stats.beta.pdf(x, alphas[i], betas[i])
            for j in range(len(alphas)):
                if j != i:
                    v *= stats.beta.cdf(x, alphas[j], betas[j])
            return v
        lo = stats.beta.ppf(1e-12, alphas[i], betas[i])
        hi = stats.beta.ppf(1 - 1e-12, alphas[i], betas[i])
        val, _ = integrate.quad(f, lo, hi, limit=500, epsabs=1e-12)
        res.append(val)
    return res

normal_cases = [
    ([0.0, 0.5, 0.2, 0.4], [1.0, 0.3, 2.0, 0.01]),
    ([-3.2, -3.1, -3.0, -2.5, -4.0], [0.2, 0.25, 0.3, 0.8, 0.05]),
    ([1.0, 1.0], [0.1, 0.1]),
]
out["pBestNormal"] = [{"mu": m, "sigma": s, "p": p_best_normal(m, s)} for m, s in normal_cases]
beta_cases = [([30, 5, 300, 1], [970, 150, 9700, 30]), ([12, 15], [388, 385])]
out["pBestBeta"] = [{"alpha": a, "beta": b, "p": p_best_beta(a, b)} for a, b in beta_cases]

with open(__file__.replace("make-references.py", "sampler-references.json"), "w") as fh:
    json.dump(out, fh, indent=1)
