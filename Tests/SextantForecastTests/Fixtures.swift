import Foundation

/// The package root, found from this file's location.
func forecastPackageRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// A JSON file under datasets/, decoded as a plain dictionary.
func loadJSON(_ relativePath: String) throws -> [String: Any] {
    let data = try Data(contentsOf: forecastPackageRoot().appendingPathComponent(relativePath))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
}

func doubles(_ any: Any?) -> [Double] { (any as! [NSNumber]).map(\.doubleValue) }

func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

func maxRelativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    return zip(a, b).map { relativeError($0, $1) }.max() ?? 0
}

/// The Nile series (100 annual volumes) from the statsmodels reference file.
func nileSeries() throws -> [Double] {
    let ref = try loadJSON("datasets/reference/nile_ets_aan.json")
    return doubles((ref["data"] as! [String: Any])["volume"])
}
