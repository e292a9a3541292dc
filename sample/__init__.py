"""The sample generator: a test and demo tool beside the product, never imported by it. It writes the default file
layout (or a regional export) for a synthetic world with known injected problems (its manifest), which the tests and
benchmarks load and score the checks against."""
