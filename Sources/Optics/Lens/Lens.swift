/// A lens focuses on exactly one `Part` inside a `Whole`: it can read that part and
/// return a copy of the whole with the part replaced.
///
/// A lawful lens satisfies, for every `w: Whole` and `p, q: Part`:
/// - get-set: `set(get(w), in: w) == w` (writing back what you read changes nothing);
/// - set-get: `get(set(p, in: w)) == p` (you read back what you wrote);
/// - set-set: `set(q, in: set(p, in: w)) == set(q, in: w)` (the last write wins).
///
/// Lenses built from a `WritableKeyPath` are lawful by construction. The laws are
/// checked as properties in `Tests/OpticsTests/LensLawTests.swift`.
///
/// Closures are `@Sendable` so that optics can be stored in globals and shared
/// across tasks under Swift 6 strict concurrency.
public struct Lens<Whole, Part>: Sendable {
    @usableFromInline let _get: @Sendable (Whole) -> Part
    @usableFromInline let _set: @Sendable (Part, Whole) -> Whole

    /// Creates a lens from a getter and a setter that returns an updated copy.
    ///
    /// - Complexity: O(1); the cost of each access is that of the closures.
    @inlinable
    public init(get: @escaping @Sendable (Whole) -> Part, set: @escaping @Sendable (Part, Whole) -> Whole) {
        _get = get
        _set = set
    }

    /// Creates a lens over a writable key path.
    ///
    /// - Complexity: O(1); accesses cost one key-path projection.
    @inlinable
    public init(_ keyPath: WritableKeyPath<Whole, Part> & Sendable) {
        _get = { $0[keyPath: keyPath] }
        _set = { part, whole in
            var copy = whole
            copy[keyPath: keyPath] = part
            return copy
        }
    }

    /// Reads the focused part.
    ///
    /// - Complexity: O(1) plus the cost of the getter.
    @inlinable
    public func get(_ whole: Whole) -> Part { _get(whole) }

    /// Returns a copy of `whole` with the focused part replaced by `part`.
    ///
    /// - Complexity: O(1) plus the cost of the setter (a copy of `Whole`).
    @inlinable
    public func set(_ part: Part, in whole: Whole) -> Whole { _set(part, whole) }

    /// Returns a copy of `whole` with `transform` applied to the focused part:
    /// `over(f, in: w) == set(f(get(w)), in: w)`.
    ///
    /// - Complexity: O(1) plus one get, one call of `transform` and one set.
    @inlinable
    public func over(_ transform: (Part) throws -> Part, in whole: Whole) rethrows -> Whole {
        _set(try transform(_get(whole)), whole)
    }

    /// Applies `transform` to the focused part of `whole` in place.
    ///
    /// - Complexity: as `over(_:in:)`.
    @inlinable
    public func modify(_ whole: inout Whole, _ transform: (Part) throws -> Part) rethrows {
        whole = try over(transform, in: whole)
    }
}
