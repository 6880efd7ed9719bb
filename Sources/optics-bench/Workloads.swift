import Optics

// The measured operations: the seed's list (lens get/set/over, prism preview/build,
// traversal, composition) over a small record model, plus the `empty` control.

struct Address: Sendable {
    var street: String
    var zip: Int
}

enum Contact: Sendable {
    case email(String)
    case phone(Int)
}

struct Person: Sendable {
    var name: String
    var age: Int
    var address: Address
    var contact: Contact
}

struct Team: Sendable {
    var name: String
    var members: [Person]
}

/// One benchmark: its names in the metrics file and a body that runs `n` iterations and
/// returns a checksum (black-holed by the harness so the work stays live).
struct Workload {
    /// `testName` in the metrics file (the benchmark's identity in a history).
    var name: String
    /// `operation` in the metrics file (the optic operation measured).
    var operation: String
    /// A control measures the harness, not an optic; it runs only when `--filter` names it.
    var isControl: Bool
    var body: (Int) -> UInt64
}

/// The workloads. Lenses are written with closures (as lean-optics writes them with
/// field accessors), so the timings measure the optics, not the key-path runtime. Every optic and every input passes through `opaque` so the optimiser
/// cannot specialise the measured loop on known closures or constant data; each body
/// carries a loop-dependent value (the iteration index or the previous result) so no
/// call is loop-invariant, and returns a checksum of the final state.
func makeWorkloads() -> [Workload] {
    let age = opaque(Lens<Person, Int>(get: { $0.age }, set: { v, w in var c = w; c.age = v; return c }))
    let address = opaque(Lens<Person, Address>(get: { $0.address }, set: { v, w in var c = w; c.address = v; return c }))
    let zip = opaque(Lens<Address, Int>(get: { $0.zip }, set: { v, w in var c = w; c.zip = v; return c }))
    let contact = opaque(Lens<Person, Contact>(get: { $0.contact }, set: { v, w in var c = w; c.contact = v; return c }))
    let members = opaque(Lens<Team, [Person]>(get: { $0.members }, set: { v, w in var c = w; c.members = v; return c }))
    let phone = opaque(Prism<Contact, Int>(
        preview: { if case .phone(let n) = $0 { n } else { nil } },
        review: { .phone($0) }
    ))
    let each = opaque(Traversal<[Int], Int>.each)
    let personAddressZip = opaque(address.then(zip))
    let teamAges = opaque(members.then(Traversal<[Person], Person>.each).then(age))
    let personPhone = opaque(contact.then(phone))

    let person = opaque(Person(
        name: "Ada", age: 36, address: Address(street: "12 Analytical Row", zip: 10_001), contact: .phone(5_550_100)))
    let contacts = opaque([Contact.phone(5_550_100), Contact.email("ada@example.org")])
    let numbers = opaque(Array(0..<16))
    let team = opaque(Team(name: "engines", members: (0..<8).map { i in
        Person(name: "p\(i)", age: 20 + i, address: Address(street: "s\(i)", zip: i), contact: .phone(i))
    }))
    let identity = opaque({ (x: Int) -> Int in x })

    func checksum(_ x: Int) -> UInt64 { UInt64(bitPattern: Int64(x)) }

    return [
        Workload(name: "empty", operation: "none", isControl: true) { n in
            // The harness floor: the loop plus one opaque closure call, no optic.
            var acc = 0
            for i in 0..<n { acc &+= identity(i) }
            return checksum(acc)
        },
        Workload(name: "lens_get", operation: "get", isControl: false) { n in
            var acc = 0
            for i in 0..<n { acc &+= age.get(person) ^ i }
            return checksum(acc)
        },
        Workload(name: "lens_set", operation: "set", isControl: false) { n in
            var p = person
            for i in 0..<n { p = age.set(i, in: p) }
            return checksum(p.age)
        },
        Workload(name: "lens_over", operation: "over", isControl: false) { n in
            var p = person
            for _ in 0..<n { p = age.over({ $0 &+ 1 }, in: p) }
            return checksum(p.age)
        },
        Workload(name: "prism_preview", operation: "preview", isControl: false) { n in
            var acc = 0
            for i in 0..<n { acc &+= phone.preview(contacts[i & 1]) ?? i }
            return checksum(acc)
        },
        Workload(name: "prism_build", operation: "build", isControl: false) { n in
            var acc = 0
            for i in 0..<n {
                if case .phone(let k) = phone.build(i) { acc &+= k }
            }
            return checksum(acc)
        },
        Workload(name: "traversal_over", operation: "over", isControl: false) { n in
            // over of an [Int] of 16 elements: 16 transform calls and one array allocation.
            var xs = numbers
            for _ in 0..<n { xs = each.over({ $0 &+ 1 }, in: xs) }
            return checksum(xs[0])
        },
        Workload(name: "traversal_toList", operation: "toList", isControl: false) { n in
            var acc = 0
            for i in 0..<n { acc &+= teamAges.toList(team)[i & 7] }
            return checksum(acc)
        },
        Workload(name: "composition_lens_lens", operation: "over", isControl: false) { n in
            var p = person
            for _ in 0..<n { p = personAddressZip.over({ $0 &+ 1 }, in: p) }
            return checksum(p.address.zip)
        },
        Workload(name: "composition_lens_prism", operation: "preview", isControl: false) { n in
            var acc = 0
            var p = person
            for i in 0..<n {
                p.age = i
                acc &+= personPhone.preview(p) ?? 0
            }
            return checksum(acc)
        },
        Workload(name: "composition_lens_traversal", operation: "over", isControl: false) { n in
            // members.each.age over a team of 8: rebuilds the members array each time.
            var t = team
            for _ in 0..<n { t = teamAges.over({ $0 &+ 1 }, in: t) }
            return checksum(t.members[0].age)
        },
    ]
}
