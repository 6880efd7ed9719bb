import ArgumentParser
import Foundation
import SextantHistory
import SextantPostgres

/// `sextant store copy --from A --to B`: whole-store operations across backends (issue 20).
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Whole-store operations: copy a history between SQLite files and PostgreSQL servers.",
        subcommands: [Copy.self])

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy a whole history (runs, series, measurements, baselines; ids kept) into an empty store.",
            discussion: """
                Either side is an SQLite file or a postgresql:// URL. The target is created when missing and \
                must hold no run; the copy is one transaction of the target. At the end both stores' rows are \
                counted and hashed (SHA-256 in key order) and compared; a difference is an error (exit 2).
                """)

        @Option(help: ArgumentHelp("The store to read: an SQLite file or postgresql://...", valueName: "path-or-url"))
        var from: String

        @Option(help: ArgumentHelp("The store to write (empty or new): an SQLite file or postgresql://...", valueName: "path-or-url"))
        var to: String

        func run() throws {
            do {
                let source = try OpenStore.open(from, create: false)
                let target = try OpenStore.open(to, create: true)
                let digest = try StoreRows.copy(from: source, to: target)
                printOut("copied \(source.path) -> \(target.path): \(digest); both stores have equal rows and hashes")
            } catch {
                throw inputError(error)
            }
        }
    }
}
