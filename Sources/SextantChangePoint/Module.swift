// SextantChangePoint: see docs/ARCHITECTURE.md for this module's place in the data flow.

/// `Direction` (SextantCore) is part of this module's API (`ChangePointConfiguration`), so it is re-exported.
@_exported import SextantCore
