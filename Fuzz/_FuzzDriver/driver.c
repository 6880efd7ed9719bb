// Intentionally empty: the declaration in include/FuzzDriver.h is defined by libFuzzer itself.
