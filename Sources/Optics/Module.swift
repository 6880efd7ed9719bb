// Optics: see docs/ARCHITECTURE.md for this module's place in the data flow.
//
// A small optics library: `Lens` (focus on exactly one part), `Prism` (focus on one case
// of a sum type, which may be absent) and `Traversal` (focus on zero or more parts), with
// composition between them. It is the code measured by `optics-bench`, the Swift
// counterpart of the lean-optics benchmark suite.
