import pyperf
runner = pyperf.Runner(processes=3, values=4, warmups=1)
runner.metadata["description"] = "Sextant pyperf fixture"
runner.timeit("sort_1000", stmt="sorted(x)", setup="x=list(range(1000,0,-1))")
runner.bench_func("join_strings", lambda: ",".join(["a"] * 100))
