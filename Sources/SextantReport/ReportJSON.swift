import Foundation
import SextantHistory

/// The one JSON encoder configuration of the reports: keys sorted, slashes unescaped, non-finite
/// numbers as the strings "inf", "-inf", "nan", dates as ISO 8601 UTC text (`Timestamps.format`, as
/// every other output writes them). Gate, analysis, change-point and notification JSON use it.
enum ReportJSON {
    /// - Parameter pretty: indented (the reports a person reads) or compact (request bodies).
    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        encoder.dateEncodingStrategy = .custom { date, enc in
            var c = enc.singleValueContainer()
            try c.encode(Timestamps.format(date))
        }
        return encoder
    }
}
