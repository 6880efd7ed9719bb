import Optics
import PropertyBased
import Testing

/// The traversal laws (identity, composition) and the agreement of `toList` with `over`,
/// as properties, for the array traversal and the composites lens-then-traversal,
/// lens-then-prism and traversal-then-lens.
@Suite("Traversal laws")
struct TraversalLawTests {
    static func checkLaws<W: Equatable & Sendable, P: Equatable & Sendable>(
        _ traversal: Traversal<W, P>,
        wholes: Generator<W, some Sequence>,
        f: @escaping @Sendable (P) -> P,
        g: @escaping @Sendable (P) -> P,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        await propertyCheck(input: wholes) { w in
            #expect(traversal.over({ $0 }, in: w) == w, "identity", sourceLocation: sourceLocation)
            #expect(
                traversal.over(f, in: traversal.over(g, in: w)) == traversal.over({ f(g($0)) }, in: w),
                "composition", sourceLocation: sourceLocation)
            #expect(traversal.toList(traversal.over(f, in: w)) == traversal.toList(w).map(f),
                    "toList agrees with over", sourceLocation: sourceLocation)
        }
    }

    @Test func arrayTraversal() async {
        await Self.checkLaws(
            Traversal<[Int], Int>.each, wholes: Gens.int.array(of: 0...10), f: { $0 &* 3 }, g: { $0 &- 7 })
    }

    @Test func lensThenTraversalThenLens() async {
        let ages = Optics_.members.then(Traversal.each).then(Optics_.age)
        await Self.checkLaws(ages, wholes: Gens.team, f: { $0 &* 2 }, g: { $0 &+ 1 })
        await propertyCheck(input: Gens.team) { t in
            #expect(ages.toList(t) == t.members.map(\.age))
        }
    }

    @Test func lensThenPrism() async {
        let phone = Optics_.contact.then(Optics_.phone)
        await Self.checkLaws(phone, wholes: Gens.person, f: { $0 &+ 5 }, g: { -$0 })
        await propertyCheck(input: Gens.person) { p in
            if case .phone(let n) = p.contact {
                #expect(phone.preview(p) == n)
            } else {
                #expect(phone.preview(p) == nil)
                #expect(phone.over({ $0 &+ 1 }, in: p) == p)
            }
        }
    }

    @Test func traverseOptionalAndThrowing() async {
        struct Negative: Error {}
        let each = Traversal<[Int], Int>.each
        await propertyCheck(input: Gens.int.array(of: 0...10)) { xs in
            // Optional effect: succeeds iff every focus succeeds, and then equals over.
            let halved = each.traverse(xs) { $0.isMultiple(of: 2) ? $0 / 2 : nil }
            if xs.allSatisfy({ $0.isMultiple(of: 2) }) {
                #expect(halved == xs.map { $0 / 2 })
            } else {
                #expect(halved == nil)
            }
            // Error effect: the first failing focus stops the traversal.
            let checked = Result { () throws(Negative) -> [Int] in
                try each.traverse(xs) { (x: Int) throws(Negative) -> Int in
                    if x < 0 { throw Negative() }
                    return x &+ 1
                }
            }
            if xs.contains(where: { $0 < 0 }) {
                #expect(throws: Negative.self) { try checked.get() }
            } else {
                if case .success(let ys) = checked {
                    #expect(ys == xs.map { $0 &+ 1 })
                } else {
                    Issue.record("traverse threw without a negative focus")
                }
            }
        }
    }
}
