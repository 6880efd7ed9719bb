import Foundation
import GRDB
import Testing
@testable import SextantHistory

/// Issue 12 leftover: a store file that is refused (truncated, not Sextant's) keeps no `-wal`/`-shm`
/// beside it that the refusing open created; side files that were there before are never removed.
@Suite struct StoreSideFileTests {
    func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// The first 2048 bytes of a WAL-mode store (its header says WAL).
    func truncatedWALStore() throws -> String {
        let source = temporaryStorePath()
        do {
            let store = try HistoryStore(path: source)
            _ = try store.ingest([sampleRun(commit: "c", day: 0, value: 1)], source: "a", format: "test")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
        #expect(bytes[18] == 2 && bytes[19] == 2, "WAL mode in the header")
        let path = temporaryStorePath()
        try bytes.prefix(2048).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func refusedTruncatedStoreLeavesNoSideFiles() throws {
        let path = try truncatedWALStore()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: HistoryError.self) { try HistoryStore(path: path) }
        #expect(throws: HistoryError.self) { try HistoryStore(path: path, create: false) }
        #expect(!exists(path + "-wal"))
        #expect(!exists(path + "-shm"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func sideFilesThatExistedBeforeAreKept() throws {
        let path = try truncatedWALStore()
        try Data().write(to: URL(fileURLWithPath: path + "-wal"))
        try Data("not ours".utf8).write(to: URL(fileURLWithPath: path + "-shm"))
        #expect(throws: HistoryError.self) { try HistoryStore(path: path) }
        #expect(exists(path + "-wal"))
        #expect(exists(path + "-shm"))
    }

    @Test func refusedForeignWALDatabaseLeavesNoSideFiles() throws {
        let path = temporaryStorePath()
        do {
            let pool = try DatabasePool(path: path)
            try pool.write { db in try db.execute(sql: "CREATE TABLE invoices(id INTEGER)") }
        }
        #expect(!exists(path + "-wal"), "closed cleanly")
        #expect(throws: HistoryError.self) { try HistoryStore(path: path) }
        #expect(!exists(path + "-wal"))
        #expect(!exists(path + "-shm"))
    }
}
