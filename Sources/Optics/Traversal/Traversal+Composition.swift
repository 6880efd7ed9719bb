extension Traversal {
    /// Traversal then traversal: focuses on every inner focus of every outer focus, in
    /// outer-then-inner order. The composite of two lawful traversals is lawful.
    ///
    /// - Complexity: O(n·m) for n outer and m inner foci per outer focus.
    @inlinable
    public func then<Sub>(_ inner: Traversal<Part, Sub>) -> Traversal<Whole, Sub> {
        let outer = self
        return Traversal<Whole, Sub>(
            toList: { whole in outer.toList(whole).flatMap { inner.toList($0) } },
            over: { transform, whole in outer.over({ inner.over(transform, in: $0) }, in: whole) }
        )
    }

    /// Traversal then lens: focuses on one field of every focus.
    ///
    /// - Complexity: O(n) in the number of outer foci.
    @inlinable
    public func then<Sub>(_ inner: Lens<Part, Sub>) -> Traversal<Whole, Sub> {
        then(inner.asTraversal)
    }

    /// Traversal then prism: focuses on the payload of every focus that matches the case.
    ///
    /// - Complexity: O(n) in the number of outer foci.
    @inlinable
    public func then<Sub>(_ inner: Prism<Part, Sub>) -> Traversal<Whole, Sub> {
        then(inner.asTraversal)
    }
}
