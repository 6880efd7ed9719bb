window.BENCHMARK_DATA = {
  "lastUpdate": 1,
  "repoUrl": "x",
  "entries": {
    "s": [
      {"commit": {"id": "a"}, "date": 1605314959564, "benches": [{"name": "b", "value": 1, "unit": "ns/iter"}