"""Times course_lib's ranking metrics against scikit-learn on 10^6 scores.

Usage:

    python bench/metrics.py [--samples 1000000] [--repeats 15]

Prints the median time of each function over the repeats and the ratio
ours / scikit-learn. The target is a ratio of at most 1.5. Each repeat times
both implementations back to back on the same data, alternating which goes
first, so drift in machine load hits both alike.
"""

import argparse
import time

import numpy as np
from sklearn import metrics as sklearn_metrics

from course_lib.metrics import average_precision
from course_lib.metrics import roc_auc

TARGET_RATIO = 1.5

PAIRS = {
    "roc_auc": (roc_auc, sklearn_metrics.roc_auc_score),
    "average_precision": (average_precision, sklearn_metrics.average_precision_score),
}


def make_scores(n_samples, seed=0):
    """Labels at a 30% positive rate and sigmoid scores with some overlap."""
    rng = np.random.default_rng(seed)
    y_true = (rng.random(n_samples) < 0.3).astype(np.int64)
    logits = rng.normal(size=n_samples) + 1.5 * y_true
    return y_true, 1.0 / (1.0 + np.exp(-logits))


def time_once(function, *args):
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def benchmark(ours, reference, y_true, y_score, repeats):
    np.testing.assert_allclose(
        ours(y_true, y_score), reference(y_true, y_score), rtol=1e-9
    )
    our_times, reference_times = [], []
    for repeat in range(repeats):
        if repeat % 2:
            reference_times.append(time_once(reference, y_true, y_score))
            our_times.append(time_once(ours, y_true, y_score))
        else:
            our_times.append(time_once(ours, y_true, y_score))
            reference_times.append(time_once(reference, y_true, y_score))
    return float(np.median(our_times)), float(np.median(reference_times))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    y_true, y_score = make_scores(args.samples)
    print(f"{args.samples:,} scores, median of {args.repeats} repeats")
    print(f"{'metric':<18} {'course_lib':>11} {'sklearn':>11} {'ratio':>7}")
    for name, (ours, reference) in PAIRS.items():
        our_time, reference_time = benchmark(
            ours, reference, y_true, y_score, args.repeats
        )
        ratio = our_time / reference_time
        verdict = "ok" if ratio <= TARGET_RATIO else f"over {TARGET_RATIO}x"
        print(
            f"{name:<18} {our_time * 1e3:>9.1f}ms {reference_time * 1e3:>9.1f}ms "
            f"{ratio:>6.2f}x  {verdict}"
        )


if __name__ == "__main__":
    main()
