import Optics
import PropertyBased
import Testing

/// The two prism laws (preview-review, review-preview) as properties, for simple prisms
/// and a prism-then-prism composite.
@Suite("Prism laws")
struct PrismLawTests {
    static func checkLaws<W: Equatable & Sendable, P: Equatable & Sendable>(
        _ prism: Prism<W, P>,
        wholes: Generator<W, some Sequence>,
        parts: Generator<P, some Sequence>,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        await propertyCheck(input: parts) { p in
            #expect(prism.preview(prism.review(p)) == p, "preview-review", sourceLocation: sourceLocation)
        }
        await propertyCheck(input: wholes) { w in
            if let p = prism.preview(w) {
                #expect(prism.review(p) == w, "review-preview", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func casePrisms() async {
        await Self.checkLaws(Optics_.phone, wholes: Gens.contact, parts: Gens.int)
        await Self.checkLaws(Optics_.email, wholes: Gens.contact, parts: Gens.text)
    }

    @Test func prismThenPrism() async {
        // Contact? -> Contact -> phone number.
        let some = Prism<Contact?, Contact>(preview: { $0 }, review: { $0 })
        let generator = Gen.oneOf(Gens.contact.map { Optional($0) }, Gen.always(Contact?.none))
        await Self.checkLaws(some.then(Optics_.phone), wholes: generator, parts: Gens.int)
    }

    @Test func buildIsReviewAndOverKeepsOtherCases() async {
        await propertyCheck(input: Gens.contact, Gens.int) { c, k in
            #expect(Optics_.phone.build(k) == Optics_.phone.review(k))
            let updated = Optics_.phone.over({ $0 &+ k }, in: c)
            if case .phone(let n) = c {
                #expect(updated == .phone(n &+ k))
            } else {
                #expect(updated == c)
            }
            #expect(Optics_.phone.matches(Optics_.phone.set(k, in: c)) == Optics_.phone.matches(c))
        }
    }
}
