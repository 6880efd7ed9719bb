import Optics
import PropertyBased

// Small data model for the law tests: a product type (struct), a sum type (enum) and a
// collection, which is what lenses, prisms and traversals respectively focus into.

struct Address: Equatable, Sendable {
    var street: String
    var zip: Int
}

struct Person: Equatable, Sendable {
    var name: String
    var age: Int
    var address: Address
    var contact: Contact
}

enum Contact: Equatable, Sendable {
    case email(String)
    case phone(Int)
    case none
}

struct Team: Equatable, Sendable {
    var name: String
    var members: [Person]
}

enum Optics_ {
    static let age = Lens<Person, Int>(\.age)
    static let name = Lens<Person, String>(\.name)
    static let address = Lens<Person, Address>(\.address)
    static let zip = Lens<Address, Int>(\.zip)
    static let contact = Lens<Person, Contact>(\.contact)
    static let members = Lens<Team, [Person]>(\.members)
    static let phone = Prism<Contact, Int>(
        preview: { if case .phone(let n) = $0 { n } else { nil } },
        review: { .phone($0) }
    )
    static let email = Prism<Contact, String>(
        preview: { if case .email(let s) = $0 { s } else { nil } },
        review: { .email($0) }
    )
}

enum Gens {
    static let text = Gen.letterOrNumber.string(of: 0...8)
    static let int = Gen.int(in: -1_000...1_000)
    static let address = zip(text, int).map { Address(street: $0, zip: $1) }
    static let contact = Gen.oneOf(
        text.map { Contact.email($0) },
        int.map { Contact.phone($0) },
        Gen.always(Contact.none)
    )
    static let person = zip(text, int, address, contact).map {
        Person(name: $0, age: $1, address: $2, contact: $3)
    }
    static let team = zip(text, person.array(of: 0...6)).map { Team(name: $0, members: $1) }
}
