import Foundation

/// A gzip-compressed fixture could not be decompressed.
public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
}

/// Writes the decompressed bytes of the gzip file `source` (the datasets' histories are stored
/// gzipped) to `destination`, by `gzip -dc`.
/// - Throws: `FixtureError` when gzip fails (missing or corrupt file).
/// - Complexity: O(size of the decompressed file).
public func gunzip(_ source: String, to destination: URL) throws {
    let unzip = Process()
    unzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
    unzip.arguments = ["-dc", source]
    let out = Pipe()
    unzip.standardOutput = out
    unzip.standardInput = FileHandle.nullDevice
    try unzip.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    unzip.waitUntilExit()
    guard unzip.terminationStatus == 0 else {
        throw FixtureError(description: "gzip -dc \(source) failed with status \(unzip.terminationStatus)")
    }
    try data.write(to: destination)
}
