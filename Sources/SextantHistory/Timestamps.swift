import Foundation
import SextantText

/// ISO-8601 timestamps, read leniently and written in one fixed form.
///
/// Every timestamp Sextant stores lies in ``validRange``: every entry point (CSV and JSON Lines
/// `timestamp`, data.js `date`, lean-optics `timestamp`, `--timestamp`, the store itself) checks it,
/// so a stored run can always be rendered.
public enum Timestamps {
    /// Seconds since the Unix epoch from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z.
    ///
    /// The lower end is the epoch: benchmark results predate no computer clock, and a negative epoch
    /// is the sign of a sign error (a negated data.js `date` lands in 1919). The upper end is the last
    /// instant the four-digit years of ISO 8601's basic form and of ``format(_:)`` can write. The
    /// literal is the largest double below 253402300800 (10000-01-01T00:00:00Z): a decimal such as
    /// `...799.999999` would round to 253402300800 itself (doubles there are 2^-15 s apart), and
    /// ``format(_:)`` would then write the year 10000, which ``parse(_:)`` refuses.
    public static let validRange: ClosedRange<Double> = 0...(253_402_300_800 as Double).nextDown

    /// Why `date` cannot be stored, or nil when it lies in ``validRange``.
    public static func problem(_ date: Date) -> String? {
        let t = date.timeIntervalSince1970
        if validRange.contains(t) { return nil }
        return "timestamp \(t) s since 1970 lies outside 1970-01-01 ... 9999-12-31"
    }

    /// The one message for a timestamp `text` that ``parse(_:)`` refuses.
    public static func invalid(_ text: String) -> String {
        "timestamp \"\(text.prefix(40))\" is not an ISO-8601 date or Unix epoch between 1970-01-01 and 9999-12-31"
    }

    /// `2024-05-01T12:34:56.123456Z`: UTC, always six fractional digits, so that every row of an
    /// export has the same shape (pandas and R parse one format fast) and microseconds survive.
    /// Total: a time outside ``validRange`` (which the store never holds) is written as
    /// `invalid-timestamp(<seconds>)` instead of trapping.
    public static func format(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        guard validRange.contains(t) else { return "invalid-timestamp(\(t))" }
        var seconds = floor(t)
        var micros = Int(((t - seconds) * 1_000_000).rounded())
        if micros >= 1_000_000 { micros -= 1_000_000; seconds += 1 }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        // `%04d-%02d-%02dT%02d:%02d:%02d.%06dZ`, written digit by digit (String(format:) cost microseconds
        // per call, and every bisect window and JSON date is one): every field is non-negative and
        // within its width (years 1970...9999), so the fixed widths are exact.
        return String(unsafeUninitializedCapacity: 27) { out in
            var k = 0
            func put(_ value: Int, _ width: Int, _ after: UInt8) {
                var v = value
                for d in stride(from: width - 1, through: 0, by: -1) {
                    out[k + d] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
                out[k + width] = after
                k += width + 1
            }
            put(Int(parts.tm_year) + 1900, 4, UInt8(ascii: "-"))
            put(Int(parts.tm_mon) + 1, 2, UInt8(ascii: "-"))
            put(Int(parts.tm_mday), 2, UInt8(ascii: "T"))
            put(Int(parts.tm_hour), 2, UInt8(ascii: ":"))
            put(Int(parts.tm_min), 2, UInt8(ascii: ":"))
            put(Int(parts.tm_sec), 2, UInt8(ascii: "."))
            put(micros, 6, UInt8(ascii: "Z"))
            return k
        }
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff...]]` with `T` or a space, and an optional
    /// `Z` or `±HH:MM` / `±HHMM` offset (no offset means UTC); or a Unix epoch number, in
    /// milliseconds when above 10^11 (that is, after 1973 in milliseconds, or after year 5138 in seconds).
    /// Nil for malformed text and for times outside ``validRange``.
    public static func parse(_ text: String) -> Date? {
        var b = Array(text.utf8)
        while let last = b.last, last == 0x20 || last == 0x09 { b.removeLast() }
        if let first = b.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), first > 0 { b.removeFirst(first) }
        if b.first.map({ $0 >= 0x30 && $0 <= 0x39 || $0 == UInt8(ascii: "-") }) == true, b.count <= 4 || b[4] != UInt8(ascii: "-"),
           let n = b.withUnsafeBufferPointer({ p -> Double? in
               guard let v = DecimalText.double(p), let base = p.baseAddress, !DecimalText.underflowed(base, p.count, to: v) else { return nil }
               return v
           }), n.isFinite {
            return epoch(n)
        }
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offset = 0
        if i < b.count {
            guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ") else { return nil }
            i += 1
            guard let h = digits(2), expect(":"), let m = digits(2), h < 24, m < 60 else { return nil }
            hour = h; minute = m
            if expect(":") {
                guard let sec = digits(2), sec <= 60 else { return nil }
                second = sec
                if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                    i += 1
                    var scale = 0.1
                    let start = i
                    while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { fraction += Double(b[i] - 0x30) * scale; scale /= 10; i += 1 }
                    if i == start { return nil }
                }
            }
            if i < b.count {
                if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
                    i += 1
                } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                    let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                    i += 1
                    guard let oh = digits(2) else { return nil }
                    _ = expect(":")
                    let om = digits(2) ?? 0
                    offset = sign * (oh * 3600 + om * 60)
                } else {
                    return nil
                }
            }
        }
        guard i == b.count else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let t = timegm(&parts)
        let seconds = Double(t) - Double(offset) + fraction
        return validRange.contains(seconds) ? Date(timeIntervalSince1970: seconds) : nil
    }

    /// Days in `month` (1...12) of the proleptic Gregorian `year`: `timegm` would quietly carry
    /// 2024-02-30 into March.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// A Unix epoch number, read as milliseconds when above 10^11; nil when not finite or when the
    /// time lies outside ``validRange``.
    public static func epoch(_ n: Double) -> Date? {
        guard n.isFinite else { return nil }
        let seconds = abs(n) > 1e11 ? n / 1000 : n
        return validRange.contains(seconds) ? Date(timeIntervalSince1970: seconds) : nil
    }
}
