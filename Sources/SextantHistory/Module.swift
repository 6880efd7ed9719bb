// SextantHistory: see docs/ARCHITECTURE.md for this module's place in the data flow.
