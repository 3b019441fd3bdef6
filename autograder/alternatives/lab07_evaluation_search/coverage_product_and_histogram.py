# Alternative: itertools.product for the grid and np.histogram over n bins
# Replaces: coverage
import itertools


def random_vs_grid_coverage(n_per_axis, n_dims, seed):
    if min(n_per_axis, n_dims) < 1:
        raise ValueError(f"need n_per_axis >= 1 and n_dims >= 1, got {n_per_axis}, {n_dims}")
    n = n_per_axis ** n_dims
    axis_values = [(i + 0.5) / n_per_axis for i in range(n_per_axis)]
    grid_first = np.array([point[0] for point in itertools.product(axis_values, repeat=n_dims)])
    rng = np.random.default_rng(seed)
    random_first = rng.random((n, n_dims))[:, 0]
    edges = np.arange(n + 1) / n
    grid_bins = np.count_nonzero(np.histogram(grid_first, bins=edges)[0])
    random_bins = np.count_nonzero(np.histogram(random_first, bins=edges)[0])
    return int(grid_bins), int(random_bins)
