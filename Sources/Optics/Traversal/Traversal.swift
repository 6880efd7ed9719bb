/// A traversal focuses on zero or more `Part`s inside a `Whole`, in a fixed order: it can
/// list them (`toList`), map over all of them (`over`), and run an effectful function over
/// them (`traverse`).
///
/// It is represented by its two primitive operations, `toList` and `over`; they must agree:
/// `toList(over(f, w)) == toList(w).map(f)`, and `over` must visit the foci in `toList`
/// order. `traverse` is derived from them.
///
/// A lawful traversal satisfies, for every `w: Whole` and functions `f`, `g`:
/// - identity: `over({ $0 }, in: w) == w`;
/// - composition: `over(f, in: over(g, in: w)) == over({ f(g($0)) }, in: w)`.
///
/// The laws are checked as properties in `Tests/OpticsTests/TraversalLawTests.swift`.
public struct Traversal<Whole, Part>: Sendable {
    @usableFromInline let _toList: @Sendable (Whole) -> [Part]
    @usableFromInline let _over: @Sendable ((Part) -> Part, Whole) -> Whole

    /// Creates a traversal from its list of foci and a map over them in the same order.
    ///
    /// - Complexity: O(1).
    @inlinable
    public init(
        toList: @escaping @Sendable (Whole) -> [Part],
        over: @escaping @Sendable ((Part) -> Part, Whole) -> Whole
    ) {
        _toList = toList
        _over = over
    }

    /// The foci, in traversal order.
    ///
    /// - Complexity: O(n) in the number of foci.
    @inlinable
    public func toList(_ whole: Whole) -> [Part] { _toList(whole) }

    /// The first focus, if any (for a lens-then-prism composite, the optional focus).
    ///
    /// - Complexity: O(n) in the number of foci (the list is built).
    @inlinable
    public func preview(_ whole: Whole) -> Part? { _toList(whole).first }

    /// Returns a copy of `whole` with `transform` applied to every focus.
    ///
    /// - Complexity: O(n) calls of `transform`.
    @inlinable
    public func over(_ transform: (Part) -> Part, in whole: Whole) -> Whole {
        _over(transform, whole)
    }

    /// Returns a copy of `whole` with every focus replaced by `part`.
    ///
    /// - Complexity: O(n) in the number of foci.
    @inlinable
    public func set(_ part: Part, in whole: Whole) -> Whole {
        _over({ _ in part }, whole)
    }

    /// Runs a function that may fail over every focus, in order, and rebuilds the whole
    /// from the results; the first error stops the traversal and nothing is rebuilt.
    /// This is `traverse` in the applicative sense for the error (`Either`) effect: all
    /// effects run before any result is written back.
    ///
    /// - Complexity: O(n) calls of `transform`, plus one `toList` and one `over`.
    @inlinable
    public func traverse<E: Error>(_ whole: Whole, _ transform: (Part) throws(E) -> Part) throws(E) -> Whole {
        var results: [Part] = []
        for part in _toList(whole) { results.append(try transform(part)) }
        return rebuild(whole, with: results)
    }

    /// Runs a partial function over every focus; `nil` if it returns `nil` for any focus.
    /// This is `traverse` for the `Optional` effect.
    ///
    /// - Complexity: O(n) calls of `transform`.
    @inlinable
    public func traverse(_ whole: Whole, _ transform: (Part) -> Part?) -> Whole? {
        var results: [Part] = []
        for part in _toList(whole) {
            guard let result = transform(part) else { return nil }
            results.append(result)
        }
        return rebuild(whole, with: results)
    }

    /// Writes `results` back into the foci in traversal order.
    @inlinable
    func rebuild(_ whole: Whole, with results: [Part]) -> Whole {
        var next = results.startIndex
        return over({ part in
            guard next < results.endIndex else { return part }
            defer { next += 1 }
            return results[next]
        }, in: whole)
    }
}

extension Traversal where Whole == [Part] {
    /// The traversal over every element of an array, in index order.
    ///
    /// - Complexity: O(1) to create; `over` and `toList` are O(n) in the array's count.
    @inlinable
    public static var each: Traversal<[Part], Part> {
        Traversal(toList: { $0 }, over: { transform, whole in whole.map(transform) })
    }
}
