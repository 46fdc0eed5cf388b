"""Performance benchmarks at national scale: `python -m benchmarks.run [--quick] [--out FILE]`.

See README.md, "Performance"."""
