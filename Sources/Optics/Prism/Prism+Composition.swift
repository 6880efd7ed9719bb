extension Prism {
    /// Prism then prism: focuses on a case nested inside a case. The composite of two
    /// lawful prisms is lawful.
    ///
    /// - Complexity: O(1) per access.
    @inlinable
    public func then<Sub>(_ inner: Prism<Part, Sub>) -> Prism<Whole, Sub> {
        let outer = self
        return Prism<Whole, Sub>(
            preview: { outer.preview($0).flatMap(inner.preview) },
            review: { outer.review(inner.review($0)) }
        )
    }

    /// Prism then lens: focuses on a field of the case's payload, when the case matches.
    ///
    /// - Complexity: O(1) per access.
    @inlinable
    public func then<Sub>(_ inner: Lens<Part, Sub>) -> Traversal<Whole, Sub> {
        asTraversal.then(inner.asTraversal)
    }

    /// Prism then traversal: focuses on every element the traversal reaches inside the
    /// payload, when the case matches.
    ///
    /// - Complexity: O(n) in the number of foci of `inner`.
    @inlinable
    public func then<Sub>(_ inner: Traversal<Part, Sub>) -> Traversal<Whole, Sub> {
        asTraversal.then(inner)
    }

    /// This prism seen as a traversal with zero or one focus.
    ///
    /// - Complexity: O(1).
    @inlinable
    public var asTraversal: Traversal<Whole, Part> {
        let prism = self
        return Traversal(
            toList: { prism.preview($0).map { [$0] } ?? [] },
            over: { transform, whole in prism.over(transform, in: whole) }
        )
    }
}
