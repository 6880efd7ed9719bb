#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The alternative hypothesis of a test, about the first sample relative to the second.
public enum Alternative: Hashable, Sendable {
    /// The samples differ in either direction.
    case twoSided
    /// The first sample is (stochastically) smaller.
    case less
    /// The first sample is (stochastically) larger.
    case greater
}
