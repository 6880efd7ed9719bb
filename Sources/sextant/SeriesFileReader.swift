import Foundation
import SextantChangePoint

/// Reads one series for `sextant changepoints --input`: a TCPD series JSON (`*.json`), or a text/CSV
/// file with one value per line (an optional header line) or a named column (`--column`).
/// Every problem is reported as `FILE:LINE: problem`.
struct SeriesFile {
    var dimensions: [[Double]]
    var labels: [String]?
    var notes: [String] = []

    static func read(path: String, column: String?, labelColumn: String?) throws -> SeriesFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ChangePointCLIFailure("\(path): cannot read file")
        }
        if path.lowercased().hasSuffix(".json") {
            let series: TCPDSeries
            do { series = try JSONDecoder().decode(TCPDSeries.self, from: data) } catch {
                throw ChangePointCLIFailure("\(path): not a TCPD series JSON (name, n_obs, n_dim, series[].raw): \(error)")
            }
            guard !series.series.isEmpty else { throw ChangePointCLIFailure("\(path): the series has no dimensions") }
            let (dims, filled) = series.filledDimensions()
            var file = SeriesFile(dimensions: dims, labels: nil)
            if filled > 0 { file.notes.append("\(path): \(filled) missing values filled with the previous value") }
            return file
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ChangePointCLIFailure("\(path): not UTF-8 text")
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        let content = lines.enumerated().filter {
            let t = $0.element.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && !t.hasPrefix("#")
        }
        guard let first = content.first else { throw ChangePointCLIFailure("\(path): no values") }
        let separator: Character = [",", ";", "\t"].max { a, b in
            first.element.filter { $0 == a }.count < first.element.filter { $0 == b }.count
        } ?? ","
        func fields(_ line: String) -> [String] {
            line.split(separator: separator, omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        func number(_ s: String, line: Int) throws -> Double {
            guard let v = Double(s) else { throw ChangePointCLIFailure("\(path):\(line): '\(s)' is not a number") }
            guard v.isFinite else { throw ChangePointCLIFailure("\(path):\(line): value '\(s)' is not finite") }
            return v
        }
        if column != nil || labelColumn != nil {
            let header = fields(first.element)
            var valueIndex = 0
            if let column {
                guard let k = header.firstIndex(of: column) else {
                    throw ChangePointCLIFailure("\(path):\(first.offset + 1): no column '\(column)' in header (\(header.joined(separator: ", ")))")
                }
                valueIndex = k
            } else if header.count != 1 {
                throw ChangePointCLIFailure("\(path):\(first.offset + 1): \(header.count) columns; name the value column with --column")
            }
            var labelIndex: Int?
            if let labelColumn {
                guard let k = header.firstIndex(of: labelColumn) else {
                    throw ChangePointCLIFailure("\(path):\(first.offset + 1): no column '\(labelColumn)' in header (\(header.joined(separator: ", ")))")
                }
                labelIndex = k
            }
            var values: [Double] = [], labels: [String] = []
            for (offset, line) in content.dropFirst() {
                let f = fields(line)
                guard valueIndex < f.count else {
                    throw ChangePointCLIFailure("\(path):\(offset + 1): \(f.count) fields, expected at least \(valueIndex + 1)")
                }
                values.append(try number(f[valueIndex], line: offset + 1))
                if let labelIndex { labels.append(labelIndex < f.count ? f[labelIndex] : "") }
            }
            return SeriesFile(dimensions: [values], labels: labelIndex == nil ? nil : labels)
        }
        var values: [Double] = []
        for (k, (offset, line)) in content.enumerated() {
            let f = fields(line)
            guard f.count == 1 else {
                throw ChangePointCLIFailure("\(path):\(offset + 1): \(f.count) fields; name the value column with --column")
            }
            if k == 0, Double(f[0]) == nil { continue }  // a header line
            values.append(try number(f[0], line: offset + 1))
        }
        return SeriesFile(dimensions: [values], labels: nil)
    }
}
