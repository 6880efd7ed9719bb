// SextantAnalysis: per-series analysis between the kernels (SextantChangePoint, SextantForecast) and the
// verdicts (SextantGate): level shifts, the current level, trend, forecast, the one time-to-breach rule,
// SLA checks of a level interval, the run-summary rule, and what the charts draw. See docs/ARCHITECTURE.md.

/// `Direction` (SextantCore) is part of this module's API (`AnalysisInput`, `SeriesStatus`), so it is re-exported.
@_exported import SextantCore
