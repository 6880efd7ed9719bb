/// A prism focuses on one case of a sum type: `preview` extracts the case's payload when
/// the whole is that case, and `review` (also called `build`) constructs a whole from a
/// payload.
///
/// A lawful prism satisfies, for every `p: Part` and `w: Whole`:
/// - preview-review: `preview(review(p)) == p` (a built value matches its own case);
/// - review-preview: if `preview(w) == p` then `review(p) == w` (matching loses nothing).
///
/// The laws are checked as properties in `Tests/OpticsTests/PrismLawTests.swift`.
public struct Prism<Whole, Part>: Sendable {
    @usableFromInline let _preview: @Sendable (Whole) -> Part?
    @usableFromInline let _review: @Sendable (Part) -> Whole

    /// Creates a prism from a partial match and a constructor.
    ///
    /// - Complexity: O(1); the cost of each access is that of the closures.
    @inlinable
    public init(preview: @escaping @Sendable (Whole) -> Part?, review: @escaping @Sendable (Part) -> Whole) {
        _preview = preview
        _review = review
    }

    /// The payload when `whole` is the focused case, `nil` otherwise.
    ///
    /// - Complexity: O(1) plus the cost of the match.
    @inlinable
    public func preview(_ whole: Whole) -> Part? { _preview(whole) }

    /// Builds a whole of the focused case from its payload.
    ///
    /// - Complexity: O(1) plus the cost of the constructor.
    @inlinable
    public func review(_ part: Part) -> Whole { _review(part) }

    /// Builds a whole of the focused case from its payload; a synonym of `review(_:)`
    /// matching the lean-optics vocabulary (`Prism.build`).
    ///
    /// - Complexity: as `review(_:)`.
    @inlinable
    public func build(_ part: Part) -> Whole { _review(part) }

    /// Whether `whole` is the focused case.
    ///
    /// - Complexity: as `preview(_:)`.
    @inlinable
    public func matches(_ whole: Whole) -> Bool { _preview(whole) != nil }

    /// Applies `transform` to the payload when `whole` is the focused case and rebuilds it;
    /// returns `whole` unchanged otherwise.
    ///
    /// - Complexity: O(1) plus one match, one call of `transform` and one construction.
    @inlinable
    public func over(_ transform: (Part) throws -> Part, in whole: Whole) rethrows -> Whole {
        guard let part = _preview(whole) else { return whole }
        return _review(try transform(part))
    }

    /// Replaces the payload when `whole` is the focused case; returns `whole` unchanged
    /// otherwise (a prism's `set` never changes the case).
    ///
    /// - Complexity: as `over(_:in:)`.
    @inlinable
    public func set(_ part: Part, in whole: Whole) -> Whole {
        matches(whole) ? _review(part) : whole
    }
}
