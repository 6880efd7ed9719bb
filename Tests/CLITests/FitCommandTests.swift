import Foundation
import Testing

@Suite("sextant fit")
struct FitCommandTests {
    struct FitJSON: Decodable {
        var terms: [String]
        var coefficients: [Double]
        var standardErrors: [Double]
        var residualStandardDeviation: Double
        var rSquared: Double
        var rank: Int
        var n: Int
    }

    func write(_ text: String, name: String = "data.csv") throws -> String {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("--strd Norris --format json: certified coefficients to 12+ digits, 17 significant digits printed")
    func strdJSON() throws {
        let path = packageRoot().appendingPathComponent("datasets/strd/Norris.dat").path
        let run = try runTool("sextant", ["fit", "--strd", path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let fit = try JSONDecoder().decode(FitJSON.self, from: Data(run.stdout.utf8))
        #expect(fit.n == 36 && fit.rank == 2)
        let certified = [-0.262323073774029, 1.00211681802045]
        for (a, b) in zip(fit.coefficients, certified) { #expect(abs(a - b) / abs(b) < 1e-12) }
        #expect(abs(fit.residualStandardDeviation - 0.884796396144373) / 0.884796396144373 < 1e-12)
        // Round-trip: every number has up to 17 significant digits and parses back to the same double.
        #expect(run.stdout.contains("1.0021168180204"))
    }

    @Test("a CSV header holding a quote and a backslash gives valid JSON with the names intact")
    func quotedHeaderGivesValidJSON() throws {
        let path = try write("y,x\"q\\\n1,1\n2,2.1\n2.9,3\n4.2,4\n")
        let run = try runTool("sextant", ["fit", "--input", path, "--y", "y", "--x", "x\"q\\", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let fit = try JSONDecoder().decode(FitJSON.self, from: Data(run.stdout.utf8))
        #expect(fit.terms == ["(Intercept)", "x\"q\\"])
        #expect(fit.n == 4)
    }

    @Test("--strd Filip: the degree-10 polynomial is fitted, not dropped (rank 11)")
    func filip() throws {
        let path = packageRoot().appendingPathComponent("datasets/strd/Filip.dat").path
        let run = try runTool("sextant", ["fit", "--strd", path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let fit = try JSONDecoder().decode(FitJSON.self, from: Data(run.stdout.utf8))
        #expect(fit.rank == 11 && fit.coefficients.count == 11)
        #expect(abs(fit.coefficients[10] - -0.402962525080404e-04) / 0.402962525080404e-04 < 1e-7)
    }

    @Test("CSV: y ~ x1 + x2 table, and --degree 2 with --no-intercept in JSON")
    func csv() throws {
        let path = try write("t,load,ms\n1,3,10.1\n2,1,12.2\n3,4,13.8\n4,1,16.3\n5,5,17.9\n6,9,20.2\n")
        let run = try runTool("sextant", ["fit", "--input", path, "--y", "ms", "--x", "t,load"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("(Intercept)") && run.stdout.contains("load") && run.stdout.contains("R²"))
        let poly = try runTool("sextant", ["fit", "--input", path, "--y", "ms", "--x", "t", "--degree", "2", "--no-intercept", "--format", "json"])
        #expect(poly.status == 0, "\(poly.stderr)")
        let fit = try JSONDecoder().decode(FitJSON.self, from: Data(poly.stdout.utf8))
        #expect(fit.terms == ["t", "t^2"])
        #expect(fit.n == 6)
    }

    @Test("CRLF line ends and a UTF-8 byte-order mark are accepted")
    func crlf() throws {
        let path = try write("\u{FEFF}a,b\r\n1,2\r\n2,4.1\r\n3,5.8\r\n4,8.3\r\n")
        let run = try runTool("sextant", ["fit", "--input", path, "--y", "b", "--x", "a", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let fit = try JSONDecoder().decode(FitJSON.self, from: Data(run.stdout.utf8))
        #expect(fit.n == 4)
    }

    /// Each bad input: exit status 2, nothing on stdout, exactly one line on stderr naming the file,
    /// the line and the problem.
    @Test("bad input exits 2 with one line naming file, line and problem", arguments: [
        ("missing", "", "no such file"),
        ("empty", "", "empty file"),
        ("nonnumeric", "x,y\n1,2\n2,abc\n3,4\n4,5\n", ":3: column 'y': 'abc' is not a number"),
        ("nan", "x,y\n1,2\n2,3\n3,NaN\n4,5\n", ":4: column 'y': 'NaN' is not a finite number"),
        ("fewrows", "x,y\n1,2\n2,3\n", "2 data rows (lines 2-3) for 2 parameters"),
        ("constant", "x,c,y\n1,7,2\n2,7,3\n3,7,5\n4,7,4\n", ":1: column 'c' is constant"),
        ("duplicate", "x,c,y\n1,1,2\n2,2,3\n3,3,5\n4,4,4\n", ":1: column 'c' duplicates column 'x'"),
        ("ragged", "x,y\n1,2\n2\n3,4\n", ":3: expected 2 fields, found 1"),
        ("collinear", "x,c,y\n1,2,2\n2,4,3\n3,6,5\n4,8,4\n", "linear combination of earlier terms"),
    ])
    func badInput(_ kind: String, _ content: String, _ expected: String) throws {
        let path: String
        if kind == "missing" {
            path = try temporaryDirectory().appendingPathComponent("absent.csv").path
        } else {
            path = try write(content, name: "\(kind).csv")
        }
        let xs = (kind == "constant" || kind == "duplicate" || kind == "collinear") ? "x,c" : "x"
        let run = try runTool("sextant", ["fit", "--input", path, "--y", "y", "--x", xs])
        #expect(run.status == 2, "\(kind): status \(run.status), stderr \(run.stderr)")
        #expect(run.stdout.isEmpty, "\(kind): stdout \(run.stdout)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(kind): \(run.stderr)")
        #expect(run.stderr.contains(path), "\(kind): file not named: \(run.stderr)")
        #expect(run.stderr.contains(expected), "\(kind): \(run.stderr)")
    }

    @Test("a malformed StRD file exits 2 with its line")
    func badStRD() throws {
        let path = try write("Data: y x\n1 2\n3 x\n", name: "bad.dat")
        let run = try runTool("sextant", ["fit", "--strd", path])
        #expect(run.status == 2)
        #expect(run.stderr.contains(path))
    }
}
