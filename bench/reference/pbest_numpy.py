"""Reference for bench/allocation-speed: P(best) by numpy Monte Carlo with a given number of
draws per holder, on the same Normal posteriors. Reads {"mu": [...], "sigma": [...], "draws": N}
on stdin, prints {"ms": ..., "p": [...]} on stdout. Benchmark-only; the app never runs Python."""
import json
import sys
import time

import numpy as np

spec = json.load(sys.stdin)
mu = np.asarray(spec["mu"], dtype=np.float64)
sigma = np.asarray(spec["sigma"], dtype=np.float64)
draws = int(spec["draws"])
rng = np.random.default_rng(1)
wins = np.zeros(len(mu), dtype=np.int64)
t = time.perf_counter()
chunk = max(1, min(draws, 20_000_000 // max(1, len(mu))))
done = 0
while done < draws:
    n = min(chunk, draws - done)
    x = rng.standard_normal((n, len(mu))) * sigma + mu
    wins += np.bincount(np.argmax(x, axis=1), minlength=len(mu))
    done += n
ms = (time.perf_counter() - t) * 1000
print(json.dumps({"ms": ms, "p": (wins / draws).tolist()}))
