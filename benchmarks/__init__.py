"""Performance benchmarks at national scale: `python -m benchmarks.run [--quick] [--out FILE]`.

See docs/performance.md."""
