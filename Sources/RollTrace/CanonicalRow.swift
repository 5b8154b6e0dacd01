import RollCore

/// The fast path for rows in rollmon's own column order (`t,ax,ay,az,gx,gy,gz[,force][,foot]`): one straight pass
/// with no per-field dispatch and no bounds test per byte. It relies on the byte after the row being its line end
/// ('\r' or '\n', true of every terminated line in `LineSource`'s buffer), which stops every digit scan. Numbers
/// are computed exactly as `TraceReader.fastNumber` does (integer mantissa / exact power of ten, one rounding), so
/// results are bit-identical. Anything unusual (a '+', an exponent, a long mantissa, a blank, a bad marker) returns
/// nil and the row goes through the general parser, which also words any error.
enum CanonicalRow {
    struct Layout {
        let hasForce: Bool
        let hasFoot: Bool

        init?(roles: [TraceReader.ColumnRole]) {
            let imu: [TraceReader.ColumnRole] = [.t, .ax, .ay, .az, .gx, .gy, .gz]
            guard roles.count >= 7, Array(roles.prefix(7)) == imu else { return nil }
            let rest = Array(roles.dropFirst(7))
            switch rest {
            case []: hasForce = false; hasFoot = false
            case [.force]: hasForce = true; hasFoot = false
            case [.foot]: hasForce = false; hasFoot = true
            case [.force, .foot]: hasForce = true; hasFoot = true
            default: return nil
            }
        }
    }

    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int, _ layout: Layout) -> Sample? {
        var k = 0
        guard let t = leadingField(p, &k),
              let ax = leadingField(p, &k), let ay = leadingField(p, &k), let az = leadingField(p, &k),
              let gx = leadingField(p, &k), let gy = leadingField(p, &k), let gz = number(p, &k) else { return nil }
        var force: Double? = nil
        var foot: Foot? = nil
        if layout.hasForce {
            guard skipComma(p, n, &k) else { return nil }
            if k < n && p[k] != comma {
                guard let f = number(p, &k) else { return nil }
                force = f
            }
        }
        if layout.hasFoot {
            guard skipComma(p, n, &k) else { return nil }
            if k < n {
                switch p[k] {
                case UInt8(ascii: "L"): foot = .left
                case UInt8(ascii: "R"): foot = .right
                default: return nil
                }
                k &+= 1
            }
        }
        guard k == n else { return nil }
        return Sample(tSeconds: t, accelMS2: Vector3(ax, ay, az), gyroRadS: Vector3(gx, gy, gz), forceN: force, foot: foot)
    }

    private static let comma = UInt8(ascii: ",")

    /// A `number` and the comma after it (a field that is never the row's last); `k` moves past the comma.
    @inline(__always)
    private static func leadingField(_ p: UnsafePointer<UInt8>, _ k: inout Int) -> Double? {
        guard let v = number(p, &k), p[k] == comma else { return nil }
        k &+= 1
        return v
    }

    /// The comma that opens an optional column (force, foot), within the row's `n` bytes; `k` moves past it.
    @inline(__always)
    private static func skipComma(_ p: UnsafePointer<UInt8>, _ n: Int, _ k: inout Int) -> Bool {
        guard k < n, p[k] == comma else { return false }
        k &+= 1
        return true
    }

    /// `[-]digits[.digits]`, at most 19 digits, mantissa < 2^53; `k` moves past it. The scan stops at the first
    /// byte that is not a digit, at the latest at the line end that follows the row.
    @inline(__always)
    private static func number(_ p: UnsafePointer<UInt8>, _ k: inout Int) -> Double? {
        var j = k
        let negative = p[j] == UInt8(ascii: "-")
        if negative { j &+= 1 }
        var m: UInt64 = 0
        var digits = appendDigits(p, &j, to: &m)
        var fraction = 0
        if p[j] == UInt8(ascii: ".") {
            j &+= 1
            fraction = appendDigits(p, &j, to: &m)
            digits &+= fraction
        }
        guard digits > 0, digits <= 19, m < (1 << 53) else { return nil }
        k = j
        // m < 2^53: the signed conversion is exact and one instruction (UInt64 → Double takes several on x86-64).
        let v = Double(Int64(bitPattern: m)) / DecimalParser.powerOfTen(fraction)
        return negative ? -v : v
    }

    /// Appends the decimal digits from `j` on to the mantissa `m` (wrapping; `number` rejects more than 19 digits)
    /// and returns how many there were; `j` moves to the first byte that is not a digit.
    @inline(__always)
    private static func appendDigits(_ p: UnsafePointer<UInt8>, _ j: inout Int, to m: inout UInt64) -> Int {
        let start = j
        while true {
            let d = p[j] &- 48
            if d > 9 { break }
            m = m &* 10 &+ UInt64(d)
            j &+= 1
        }
        return j &- start
    }
}
