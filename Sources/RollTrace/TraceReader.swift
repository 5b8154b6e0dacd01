#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RollAnalysis
import RollCore

/// Which flavour of CSV the reader found on line 1.
public enum TraceFileFormat: String, Sendable {
    /// `# rollmon-trace 1` (interface v1 §1).
    case rollmonTrace1 = "rollmon-trace 1"
    /// EuRoC MAV IMU CSV (`#timestamp [ns],w_RS_S_x [rad s^-1],...`); no force, no foot; t counted from the first row.
    case euroc = "EuRoC IMU CSV"
}

/// Streams samples out of a trace file, one row at a time, in flat memory.
///
/// Tolerates CRLF, a UTF-8 BOM, columns in any order, extra columns, blank force cells, gaps in time and a last line
/// cut short (a warning). Anything else malformed throws a `TraceError` naming file, line and column.
public final class TraceReader: IteratorProtocol, Sequence {
    public let path: String
    public let format: TraceFileFormat
    public let metadata: TraceMetadata
    /// The column names as written in the header.
    public let columns: [String]
    public let hasForce: Bool
    public let hasFoot: Bool
    public private(set) var warnings: [TraceWarning] = []
    /// Data rows returned so far.
    public var rowsRead: Int { rowCount }
    /// Private storage: a `public private(set)` class property is checked for exclusive access at run time on every
    /// row (`swift_beginAccess`, ~75 instructions); a private one the optimizer can check statically.
    private var rowCount = 0
    /// The first error met by iteration through `Sequence` (which cannot throw); `nextSample()` throws instead.
    public private(set) var error: TraceError?

    private let lines: LineSource
    private let roles: [ColumnRole]
    /// The columns are rollmon's own order (`t,ax,ay,az,gx,gy,gz[,force][,foot]`, as `TraceWriter` writes them), so
    /// rows can take `CanonicalRow`'s straight-line path.
    private let canonical: CanonicalRow.Layout?
    private var lastT = -Double.infinity
    private var eurocOriginNS: Int64?
    private var finished = false

    enum ColumnRole: Equatable {
        case t, eurocTimestampNS, ax, ay, az, gx, gy, gz, force, foot, ignored
    }

    /// Opens `path` ("-" for standard input) and reads everything up to and including the header.
    public init(path: String) throws(TraceError) {
        self.path = path
        let fd: Int32
        if path == "-" {
            fd = STDIN_FILENO
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 {
                let e = errno
                throw TraceError(file: path, line: 0, column: 0, message: "cannot open trace: \(String(cString: strerror(e)))")
            }
            // open(2) succeeds on a directory and read(2) then fails with EISDIR: say that, not "unreadable".
            var st = stat()
            if fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFDIR {
                close(fd)
                throw TraceError(file: path, line: 0, column: 0, message: "cannot open trace: \(String(cString: strerror(EISDIR)))")
            }
        }
        lines = LineSource(fileDescriptor: fd, ownsDescriptor: path != "-")
        let header = try Self.readHeader(lines: lines, path: path)
        format = header.format
        metadata = header.metadata
        columns = header.columns
        roles = header.roles
        canonical = CanonicalRow.Layout(roles: header.roles)
        hasForce = roles.contains(.force)
        hasFoot = roles.contains(.foot)
    }

    public func makeIterator() -> TraceReader { self }

    /// `Sequence` iteration; stops at the first error and keeps it in `error`.
    public func next() -> Sample? {
        do { return try nextSample() } catch { self.error = error; return nil }
    }

    /// The next sample, nil at the end of the file.
    public func nextSample() throws(TraceError) -> Sample? {
        guard !finished else { return nil }
        while true {
            let line: LineSource.Line
            do {
                guard let l = try lines.next() else { finished = true; return nil }
                line = l
            } catch {
                finished = true
                throw ioError(error, line: lines.lineNumber + 1)
            }
            if Self.isBlank(line) { continue }
            do {
                let s = try parseRow(line)
                rowCount += 1
                return s
            } catch {
                if !line.terminated {
                    // The very last line, with no newline: the recorder was cut off mid-write.
                    finished = true
                    warnings.append(TraceWarning(file: path, line: lines.lineNumber,
                                                 message: "last line is incomplete (recording cut short?) and was ignored: \(error.message)"))
                    return nil
                }
                finished = true
                throw error
            }
        }
    }

    // MARK: - Rows

    private func parseRow(_ line: LineSource.Line) throws(TraceError) -> Sample {
        // A terminated line is followed in the buffer by its '\r' or '\n', which ends every number scan there.
        if let layout = canonical, line.terminated, let s = CanonicalRow.parse(line.bytes, line.count, layout),
           s.tSeconds > lastT, PhysicalRange.contains(s) {
            lastT = s.tSeconds
            return s
        }
        return try roles.withUnsafeBufferPointer { roles throws(TraceError) -> Sample in try parseRow(line, roles: roles) }
    }

    /// One pass over the row with a cursor. Plain decimals (the whole of a normal trace) are parsed in place; any
    /// other field (an exponent, a blank, text) takes the careful path, which also words the errors.
    @inline(__always)
    private func parseRow(_ line: LineSource.Line, roles: UnsafeBufferPointer<ColumnRole>) throws(TraceError) -> Sample {
        var t = 0.0, ax = 0.0, ay = 0.0, az = 0.0, gx = 0.0, gy = 0.0, gz = 0.0
        var force: Double? = nil
        var foot: Foot? = nil
        let p = line.bytes
        let n = line.count
        let fieldCount = roles.count
        var i = 0
        for field in 0..<fieldCount {
            let role = roles[field]
            var value = 0.0
            var isNumber = false
            switch role {
            case .t, .ax, .ay, .az, .gx, .gy, .gz:
                if let v = Self.fastNumber(p, n, &i) {
                    value = v
                } else {
                    let (a, b) = fieldBounds(p, n, &i)
                    guard b > a else { throw fail(column: a + 1, "expected a number for '\(columns[field])', found an empty cell") }
                    value = try number(p + a, b - a, column: a + 1, name: columns[field])
                }
                isNumber = true
            case .force:
                if let v = Self.fastNumber(p, n, &i) {
                    force = v
                } else {
                    let (a, b) = fieldBounds(p, n, &i)
                    if b > a { force = try number(p + a, b - a, column: a + 1, name: "force") }
                }
            case .foot:
                let (a, b) = fieldBounds(p, n, &i)
                if b > a { foot = try footMarker(p + a, b - a, column: a + 1) }
            case .eurocTimestampNS:
                let (a, b) = fieldBounds(p, n, &i)
                guard let ns = DecimalParser.parseInt64(p + a, b - a) else {
                    throw fail(column: a + 1, "expected an integer timestamp in nanoseconds, found '\(text(p + a, b - a))'")
                }
                let origin = eurocOriginNS ?? ns
                eurocOriginNS = origin
                t = Double(ns &- origin) * 1e-9
            case .ignored:
                _ = fieldBounds(p, n, &i)
            }
            if isNumber {
                switch role {
                case .t: t = value
                case .ax: ax = value
                case .ay: ay = value
                case .az: az = value
                case .gx: gx = value
                case .gy: gy = value
                case .gz: gz = value
                default: break
                }
            }
            // Between fields: exactly one comma; after the last: the end of the line.
            if field < fieldCount - 1 {
                guard i < n, p[i] == UInt8(ascii: ",") else {
                    throw fail(column: i + 1, "expected \(fieldCount) fields as in the header, found \(field + 1)")
                }
                i += 1
            } else if i < n {
                throw fail(column: i + 1, "expected \(fieldCount) fields as in the header, found more")
            }
        }
        let sample = Sample(tSeconds: t, accelMS2: Vector3(ax, ay, az), gyroRadS: Vector3(gx, gy, gz), forceN: force, foot: foot)
        if let bad = PhysicalRange.firstOutside(sample) {
            let field = roles.firstIndex(where: { $0 == bad.role || (bad.role == .t && $0 == .eurocTimestampNS) }) ?? 0
            let unit = bad.role == .t ? " s" : ""
            throw fail(column: column(ofField: field, in: line), "\(bad.name)=\(bad.value)\(unit) is out of range: \(bad.limit)")
        }
        guard t > lastT else {
            let col = column(ofField: roles.firstIndex(where: { $0 == .t || $0 == .eurocTimestampNS })!, in: line)
            throw fail(column: col, "time must increase strictly: t=\(t) after t=\(lastT)")
        }
        lastT = t
        return sample
    }

    /// Moves `i` to the end of the field (the next comma or the end of the line); returns the field without
    /// surrounding blanks.
    @inline(__always)
    private func fieldBounds(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) -> (Int, Int) {
        var a = i
        while i < n && p[i] != UInt8(ascii: ",") { i += 1 }
        var b = i
        while a < b && (p[a] == 0x20 || p[a] == 0x09) { a += 1 }
        while b > a && (p[b - 1] == 0x20 || p[b - 1] == 0x09) { b -= 1 }
        return (a, b)
    }

    /// The common case, `[-]digits[.digits]` with at most 19 digits in all, parsed in place; exactly rounded (see
    /// `DecimalParser`). nil leaves `i` untouched for the careful path.
    @inline(__always)
    static func fastNumber(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) -> Double? {
        var j = i
        var negative = false
        if j < n {
            if p[j] == UInt8(ascii: "-") { negative = true; j += 1 } else if p[j] == UInt8(ascii: "+") { j += 1 }
        }
        var m: UInt64 = 0
        let intDigits = appendDigits(p, n, &j, to: &m)
        var fracDigits = 0
        if j < n && p[j] == UInt8(ascii: ".") {
            j += 1
            fracDigits = appendDigits(p, n, &j, to: &m)
        }
        let digits = intDigits + fracDigits
        guard digits > 0, digits <= 19, m < (1 << 53), j == n || p[j] == UInt8(ascii: ",") else { return nil }
        i = j
        let v = Double(m) / DecimalParser.powerOfTen(fracDigits)
        return negative ? -v : v
    }

    /// Reads the decimal digits from `j` on into the mantissa `m` (wrapping; the caller checks the digit count);
    /// returns how many there were.
    @inline(__always)
    private static func appendDigits(_ p: UnsafePointer<UInt8>, _ n: Int, _ j: inout Int, to m: inout UInt64) -> Int {
        let start = j
        while j < n {
            let d = p[j] &- 48
            if d > 9 { break }
            m = m &* 10 &+ UInt64(d)
            j += 1
        }
        return j - start
    }

    @inline(__always)
    private func number(_ p: UnsafePointer<UInt8>, _ n: Int, column: Int, name: String) throws(TraceError) -> Double {
        guard let v = DecimalParser.parse(p, n), v.isFinite else {
            throw fail(column: column, "expected a finite number for '\(name)', found '\(text(p, n))'")
        }
        return v
    }

    private func footMarker(_ p: UnsafePointer<UInt8>, _ n: Int, column: Int) throws(TraceError) -> Foot {
        switch text(p, n).lowercased() {
        case "l", "left": return .left
        case "r", "right": return .right
        default: throw fail(column: column, "expected foot 'L', 'R' or blank, found '\(text(p, n))'")
        }
    }

    private func column(ofField index: Int, in line: LineSource.Line) -> Int {
        var field = 0
        for i in 0..<line.count where line.bytes[i] == UInt8(ascii: ",") {
            field += 1
            if field == index { return i + 2 }
        }
        return 1
    }

    private func fail(column: Int, _ message: String) -> TraceError {
        TraceError(file: path, line: lines.lineNumber, column: column, message: message)
    }

    private func ioError(_ e: LineSource.ReadError, line: Int) -> TraceError {
        switch e {
        case .lineTooLong:
            return TraceError(file: path, line: line, column: 1, message: "line longer than \(LineSource.maxLineBytes) bytes: not a rollmon trace")
        case .io(let code):
            return TraceError(file: path, line: line, column: 1, message: "read failed: \(String(cString: strerror(code)))")
        }
    }

    static func isBlank(_ line: LineSource.Line) -> Bool {
        for i in 0..<line.count where line.bytes[i] != 0x20 && line.bytes[i] != 0x09 { return false }
        return true
    }
}

func text(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
    let shown = min(n, 40)
    let s = String(decoding: UnsafeBufferPointer(start: p, count: shown), as: UTF8.self)
    return n > shown ? s + "…" : s
}
