/// Locale-free fixed-point decimal text, appended to a byte buffer: fast, and byte-identical on every run and
/// machine (the promise "same input → same output" rests on it).
public enum FixedDecimal {
    private static let scales: [Double] = (0...9).map { d in (0..<d).reduce(1.0) { a, _ in a * 10 } }

    public static func append(_ value: Double, decimals: Int, to buffer: inout [UInt8]) {
        guard value.isFinite else { buffer.append(contentsOf: Array("nan".utf8)); return }
        let scaled = (abs(value) * scales[decimals]).rounded()
        if scaled >= 9.0e15 { buffer.append(contentsOf: Array("\(value)".utf8)); return }
        var n = UInt64(scaled)
        if value < 0 && n != 0 { buffer.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[count] = UInt8(n % 10) + 48; n /= 10; count += 1 } while n > 0 || count <= decimals
            var k = count - 1
            while k >= decimals { buffer.append(d[k]); k -= 1 }
            if decimals > 0 {
                buffer.append(UInt8(ascii: "."))
                while k >= 0 { buffer.append(d[k]); k -= 1 }
            }
        }
    }

    public static func string(_ value: Double, decimals: Int) -> String {
        var b: [UInt8] = []
        append(value, decimals: decimals, to: &b)
        return String(decoding: b, as: UTF8.self)
    }

    /// Rounded to `decimals` and printed without trailing zeros ("612.4", "3", "0.131"), as JSON numbers are.
    public static func compact(_ value: Double, decimals: Int) -> String {
        var s = string(value, decimals: decimals)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        if s == "-0" { s = "0" }
        return s
    }
}
