import Testing
import _LapackShims
@testable import SextantNumerics

/// The CLI's BLAS thread pin (BLASThreads): one thread unless the user chose through OpenBLAS's variables.
@Suite(.serialized) struct BLASThreadsTests {
    @Test func pinsToOneThreadWithoutTheUsersVariables() throws {
        // The suite links OpenBLAS (Debian's libopenblas): the control exists.
        let before = try #require(BLASThreads.current)
        defer { _ = sextant_blas_set_num_threads(Int32(before)) }
        _ = sextant_blas_set_num_threads(2)
        try #require(BLASThreads.current == 2, "the machine runs OpenBLAS on 2 threads when asked")
        #expect(BLASThreads.pinToOneUnlessConfigured(environment: [:]))
        #expect(BLASThreads.current == 1)
    }

    @Test(arguments: BLASThreads.variables)
    func leavesTheUsersChoiceAlone(variable: String) throws {
        let before = try #require(BLASThreads.current)
        defer { _ = sextant_blas_set_num_threads(Int32(before)) }
        _ = sextant_blas_set_num_threads(2)
        #expect(!BLASThreads.pinToOneUnlessConfigured(environment: [variable: "2"]))
        #expect(BLASThreads.current == 2)
    }
}
