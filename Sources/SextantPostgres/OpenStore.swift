import Foundation
import SextantHistory

/// Opens the store a `--store` value names: a `postgresql://` or `postgres://` URL is a
/// ``PostgresStore``; any other `scheme://` is refused (never taken for a file name, which would
/// create a folder `scheme:`); everything else is an SQLite file (``HistoryStore``).
public enum OpenStore {
    /// - Parameters:
    ///   - location: a file path or a server URL.
    ///   - create: when false, a missing store is ``HistoryError/notFound(_:)``.
    public static func open(_ location: String, create: Bool) throws -> any HistoryStoring {
        if let scheme = StoreLocation.scheme(of: location) {
            guard StoreLocation.postgresSchemes.contains(scheme) else {
                throw HistoryError.store(message: "\(StoreLocation.redacted(location)): unknown store URL scheme \(scheme):// (known: a file path, postgresql://, postgres://)")
            }
            return try PostgresStore(url: location, create: create)
        }
        return try HistoryStore(path: location, create: create)
    }
}
