// optics-bench: the benchmark runner of the lean-optics seed (issue 6).
print("optics-bench: not built yet")
