#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses an ASCII decimal number from a byte slice, fast.
/// Plain decimals with at most 19 significant digits and at most 22 fraction digits take the fast path, which is
/// exactly rounded (an exact integer mantissa < 2^53 divided by an exact power of ten rounds once). Everything else
/// (exponents, long mantissas, nan/inf spellings) goes to strtod, and the result is then checked for finiteness by
/// the caller.
enum DecimalParser {
    /// Exact powers of ten representable in a Double (10^0 ... 10^22), as one table made once. Both simpler forms
    /// cost more than the parsing around them (seen with perf in `make bench`): a tuple read through
    /// `withUnsafeBytes` was copied onto the stack on every call, and a `switch` became a jump table with the
    /// division sunk into each case, an indirect branch mispredicted whenever the fraction length changes.
    /// `nonisolated(unsafe)`: written once, by its lazy initialiser (which Swift runs exactly once), then only read.
    nonisolated(unsafe) private static let powersOfTen: UnsafePointer<Double> = {
        let exact: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]
        let table = UnsafeMutablePointer<Double>.allocate(capacity: exact.count)   // lives as long as the process
        table.initialize(from: exact, count: exact.count)
        return UnsafePointer(table)
    }()

    /// 10^e for e in 0...22 (callers guarantee the range).
    @inline(__always)
    static func powerOfTen(_ e: Int) -> Double { powersOfTen[e] }

    /// Returns nil when the bytes are not a complete number.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        guard count > 0 else { return nil }
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") { negative = true; i = 1 } else if p[0] == UInt8(ascii: "+") { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawDot = false
        var sawDigit = false
        while i < count {
            let c = p[i]
            if c >= 48 && c <= 57 {
                sawDigit = true
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(c &- 48)
                    if mantissa != 0 { digits += 1 }
                    if sawDot { fractionDigits += 1 }
                } else {
                    return slowParse(p, count)
                }
            } else if c == UInt8(ascii: ".") && !sawDot {
                sawDot = true
            } else {
                return slowParse(p, count)
            }
            i += 1
        }
        guard sawDigit else { return nil }
        guard mantissa < (1 << 53), fractionDigits <= 22 else { return slowParse(p, count) }
        let v = Double(mantissa) / powerOfTen(fractionDigits)
        return negative ? -v : v
    }

    /// strtod on a NUL-terminated copy; the whole field must be consumed.
    private static func slowParse(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        guard count < 128 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buf -> Double? in
            for k in 0..<count { buf[k] = CChar(bitPattern: p[k]) }
            buf[count] = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(buf.baseAddress!, &end)
            guard let end, end - buf.baseAddress! == count else { return nil }
            return v
        }
    }

    /// Parses a decimal integer (e.g. EuRoC nanosecond timestamps), nil if not all digits or out of range.
    static func parseInt64(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        guard count > 0, count <= 19 else { return nil }
        var v: Int64 = 0
        for k in 0..<count {
            let c = p[k]
            guard c >= 48 && c <= 57 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(c - 48))
            if o1 || o2 { return nil }
            v = s
        }
        return v
    }
}
