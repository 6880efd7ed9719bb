import _FuzzDriver
#if canImport(Glibc)
import Glibc
#endif

/// Runs libFuzzer with `target` as the fuzz target and exits with its status.
///
/// `target` receives each input; it must not crash on any input. An invariant it checks that does
/// not hold is reported with ``violated(_:)``, which traps so that libFuzzer saves the input.
public func runFuzzer(_ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, target))
}

/// The input bytes as a Swift array (empty for a null pointer).
public func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// A broken invariant: print it and trap, so that libFuzzer records the input as a crash.
public func violated(_ message: String) -> Never {
    let line = "fuzz invariant violated: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    abort()
}
