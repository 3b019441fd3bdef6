# Mistake: counts distinct raw values instead of bins, so random search always 'covers' all n
# Replaces: coverage
# Loses: test_coverage
def random_vs_grid_coverage(n_per_axis, n_dims, seed):
    if n_per_axis < 1 or n_dims < 1:
        raise ValueError("n_per_axis and n_dims must be at least 1")
    n = n_per_axis ** n_dims
    values = (np.arange(n_per_axis) + 0.5) / n_per_axis
    grid = np.stack(np.meshgrid(*[values] * n_dims, indexing="ij"), axis=-1).reshape(n, n_dims)
    random = np.random.default_rng(seed).random((n, n_dims))
    return len(np.unique(grid[:, 0])), len(np.unique(random[:, 0]))
