import RollAnalysis
import RollCore

/// Reading the part of a trace before the first data row: magic line, metadata, column header.
extension TraceReader {
    struct Header {
        var format: TraceFileFormat
        var metadata: TraceMetadata
        var columns: [String]
        var roles: [ColumnRole]
    }

    static let magic = "# rollmon-trace 1"
    static let requiredColumns = ["t", "ax", "ay", "az", "gx", "gy", "gz"]
    /// Headers wider than this are not traces; the bound also keeps per-row work bounded.
    static let maxColumns = 64

    static func readHeader(lines: LineSource, path: String) throws(TraceError) -> Header {
        func err(_ line: Int, _ column: Int, _ message: String) -> TraceError {
            TraceError(file: path, line: line, column: column, message: message)
        }
        /// The file ended before its first row (a power cut or kill in the recording's first moments): it holds no
        /// sample, and a cut-off value is not the user's mistake to be told about (`# radius_mm: 3` of `31.5`).
        func cutShort(_ line: Int, _ what: String) -> TraceError {
            var e = err(line, 1, "file ends inside \(what), before the first row (recording cut short?): it holds no samples")
            e.endsBeforeFirstRow = true
            return e
        }
        func nextLine() throws(TraceError) -> (String, Int, terminated: Bool)? {
            do {
                guard let l = try lines.next() else { return nil }
                return (String(decoding: UnsafeBufferPointer(start: l.bytes, count: l.count), as: UTF8.self), lines.lineNumber,
                        l.terminated)
            } catch {
                throw err(lines.lineNumber + 1, 1, "line too long or unreadable: not a rollmon trace")
            }
        }
        guard let firstLine = try nextLine() else {
            throw err(1, 1, "empty file: expected '\(magic)' on line 1")
        }
        var first = firstLine.0
        let firstTerminated = firstLine.terminated
        var bomBytes = 0
        if first.hasPrefix("\u{FEFF}") { first.removeFirst(); bomBytes = 3 }
        let firstTrimmed = first.trimmingWhitespace()

        if firstTrimmed.lowercased().hasPrefix("#timestamp") {
            return try eurocHeader(first, path: path, bomBytes: bomBytes)
        }
        if !firstTerminated, !firstTrimmed.isEmpty, firstTrimmed != magic, magic.hasPrefix(firstTrimmed) {
            throw cutShort(1, "its first line '\(firstTrimmed)'")
        }
        guard firstTrimmed == magic else {
            throw err(1, 1 + bomBytes, "expected '\(magic)' (or an EuRoC '#timestamp [ns],...' header) on line 1, found '\(firstTrimmed.prefix(40))'")
        }

        var metadata = TraceMetadata()
        while true {
            guard let (raw, lineNo, terminated) = try nextLine() else {
                var e = err(lines.lineNumber + 1, 1, "end of file before the column header (expected 't,ax,ay,az,gx,gy,gz,...')")
                e.endsBeforeFirstRow = true
                throw e
            }
            let line = raw.trimmingWhitespace()
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                if !terminated { throw cutShort(lineNo, "the metadata ('\(line.prefix(40))')") }
                try parseMetadata(raw, lineNo: lineNo, into: &metadata, path: path)
                continue
            }
            let columns = raw.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
            let (roles, problem) = rolesFor(columns: columns)
            if let problem {
                if !terminated { throw cutShort(lineNo, "the column header ('\(line.prefix(40))')") }
                throw err(lineNo, problem.column(in: raw), problem.message)
            }
            return Header(format: .rollmonTrace1, metadata: metadata, columns: columns, roles: roles)
        }
    }

    private struct HeaderProblem {
        var fieldIndex: Int?
        var message: String
        func column(in raw: String) -> Int {
            guard let fieldIndex else { return 1 }
            var col = 1, field = 0
            for ch in raw.utf8 {
                if field == fieldIndex { return col }
                if ch == UInt8(ascii: ",") { field += 1 }
                col += 1
            }
            return col
        }
    }

    /// The columns of rollmon-trace 1 (interface v1 §1), lower-cased, and what each carries.
    private static let traceColumns: [String: ColumnRole] = [
        "t": .t, "ax": .ax, "ay": .ay, "az": .az, "gx": .gx, "gy": .gy, "gz": .gz, "force": .force, "foot": .foot,
    ]
    /// EuRoC's IMU columns (the first word of each header cell, lower-cased): gyro before accelerometer there.
    private static let eurocColumns: [String: ColumnRole] = [
        "#timestamp": .eurocTimestampNS, "w_rs_s_x": .gx, "w_rs_s_y": .gy, "w_rs_s_z": .gz,
        "a_rs_s_x": .ax, "a_rs_s_y": .ay, "a_rs_s_z": .az,
    ]

    private static func rolesFor(columns: [String]) -> ([ColumnRole], HeaderProblem?) {
        if columns.count > maxColumns {
            return ([], HeaderProblem(fieldIndex: maxColumns, message: "header has \(columns.count) columns, at most \(maxColumns) are supported"))
        }
        var roles: [ColumnRole] = []
        var seen: [String: Int] = [:]
        for (i, name) in columns.enumerated() {
            let key = name.lowercased()
            if let j = seen[key], traceColumns[key] != nil {
                return ([], HeaderProblem(fieldIndex: i, message: "column '\(name)' appears twice (columns \(j + 1) and \(i + 1))"))
            }
            seen[key] = i
            roles.append(traceColumns[key] ?? .ignored)
        }
        let missing = requiredColumns.filter { seen[$0] == nil }
        if !missing.isEmpty {
            return ([], HeaderProblem(fieldIndex: nil, message: "header is missing required column(s) \(missing.joined(separator: ", ")) (required: t,ax,ay,az,gx,gy,gz; optional: force, foot)"))
        }
        return (roles, nil)
    }

    private static func parseMetadata(_ raw: String, lineNo: Int, into m: inout TraceMetadata, path: String) throws(TraceError) {
        var body = Substring(raw)
        body.removeFirst() // '#'
        guard let colon = body.firstIndex(of: ":") else { return } // a plain comment
        let key = body[..<colon].trimmingWhitespace().lowercased()
        let value = body[body.index(after: colon)...].trimmingWhitespace()
        guard !key.isEmpty, !key.contains(" ") else { return }
        let valueColumn = raw.utf8.distance(from: raw.utf8.startIndex, to: colon.samePosition(in: raw.utf8) ?? raw.utf8.startIndex) + 2
            + (value.isEmpty ? 0 : raw[raw.index(after: colon)...].prefix(while: { $0 == " " || $0 == "\t" }).utf8.count)
        func positive(_ what: String, within range: ClosedRange<Double>? = nil) throws(TraceError) -> Double {
            guard let v = Double(value), v.isFinite, v > 0, range?.contains(v) ?? true else {
                let must = range.map { "a number \(SettingRanges.words($0))" } ?? "a positive number"
                throw TraceError(file: path, line: lineNo, column: valueColumn, message: "metadata '\(key)' must be \(must) \(what), found '\(value)'")
            }
            return v
        }
        switch key {
        case "tool":
            guard let tool = Tool(rawValue: value.lowercased()) else {
                throw TraceError(file: path, line: lineNo, column: valueColumn, message: "metadata 'tool' must be 'ball' or 'roller', found '\(value)'")
            }
            m.tool = tool
        case "radius_mm": m.radiusMM = try positive("(millimetres)", within: SettingRanges.radiusMM)
        case "fascia_cm": m.fasciaCM = try positive("(centimetres)", within: SettingRanges.fasciaCM)
        case "rate_hz": m.rateHz = try positive("(hertz)")
        // rollmon's own keys (its recorder and simulator write them so a recording replays with the live settings):
        // checked like the interface's, since a value rollmon cannot use was ignored without a word (`severe_n: 10`
        // replayed with the 250 N default, out of range by §2 and no error).
        case "severe_n": _ = try positive("(newtons)", within: SettingRanges.severeN)
        case "gyro_range_dps": _ = try positive("(degrees per second, the gyro's full scale)")
        case "gyro_lsb_per_dps": _ = try positive("(the gyro's counts per degree per second)")
        case "first_foot":
            guard Foot(rawValue: value.lowercased()) != nil else {
                throw TraceError(file: path, line: lineNo, column: valueColumn, message: "metadata 'first_foot' must be 'right' or 'left', found '\(value)'")
            }
        case "gyro_bias_rad_s":
            guard let b = TraceMetadata.vector(value),
                  Swift.max(abs(b.x), abs(b.y), abs(b.z)) <= PhysicalRange.largestGyroRadS else {
                throw TraceError(file: path, line: lineNo, column: valueColumn,
                                 message: "metadata 'gyro_bias_rad_s' must be three numbers x,y,z in rad/s (each at most \(Int(PhysicalRange.largestGyroRadS))), found '\(value)'")
            }
        case "imu": m.imu = value
        case "force_sensor": m.forceSensor = value
        case "started": m.started = value
        case "source": m.source = value
        default: break
        }
        m.entries.append((key: key, value: value))
    }

    private static func eurocHeader(_ first: String, path: String, bomBytes: Int) throws(TraceError) -> Header {
        let columns = first.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
        var roles: [ColumnRole] = []
        for name in columns {
            let base = name.lowercased().split(separator: " ").first.map(String.init) ?? ""
            roles.append(eurocColumns[base] ?? .ignored)
        }
        let needed: [ColumnRole] = [.eurocTimestampNS, .gx, .gy, .gz, .ax, .ay, .az]
        let missing = needed.filter { !roles.contains($0) }
        guard missing.isEmpty else {
            throw TraceError(file: path, line: 1, column: 1 + bomBytes,
                             message: "EuRoC header needs #timestamp [ns], w_RS_S_x/y/z and a_RS_S_x/y/z columns")
        }
        var metadata = TraceMetadata()
        metadata.source = "EuRoC IMU CSV"
        return Header(format: .euroc, metadata: metadata, columns: columns, roles: roles)
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }
}
