extension Lens {
    /// Lens then lens: focuses on `Sub` inside the part this lens focuses on.
    /// The composite of two lawful lenses is lawful.
    ///
    /// - Complexity: O(1); each access runs both lenses once (a set runs one get and two sets).
    @inlinable
    public func then<Sub>(_ inner: Lens<Part, Sub>) -> Lens<Whole, Sub> {
        let outer = self
        return Lens<Whole, Sub>(
            get: { inner.get(outer.get($0)) },
            set: { sub, whole in outer.set(inner.set(sub, in: outer.get(whole)), in: whole) }
        )
    }

    /// Lens then prism: focuses on `Sub` when the part matches the prism's case, and on
    /// nothing otherwise. The result is a traversal with at most one focus (an affine
    /// traversal); `Traversal.preview(_:)` reads it as an optional.
    ///
    /// - Complexity: O(1) per access.
    @inlinable
    public func then<Sub>(_ inner: Prism<Part, Sub>) -> Traversal<Whole, Sub> {
        let outer = self
        return Traversal<Whole, Sub>(
            toList: { whole in inner.preview(outer.get(whole)).map { [$0] } ?? [] },
            over: { transform, whole in outer.set(inner.over(transform, in: outer.get(whole)), in: whole) }
        )
    }

    /// Lens then traversal: focuses on every element the traversal reaches inside the part.
    ///
    /// - Complexity: O(n) in the number of foci of `inner`.
    @inlinable
    public func then<Sub>(_ inner: Traversal<Part, Sub>) -> Traversal<Whole, Sub> {
        asTraversal.then(inner)
    }

    /// This lens seen as a traversal with exactly one focus.
    ///
    /// - Complexity: O(1).
    @inlinable
    public var asTraversal: Traversal<Whole, Part> {
        let lens = self
        return Traversal(toList: { [lens.get($0)] }, over: { transform, whole in lens.over(transform, in: whole) })
    }
}
