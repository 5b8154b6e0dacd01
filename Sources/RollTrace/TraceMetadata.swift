import RollAnalysis
import RollCore

/// The `# key: value` lines of a rollmon-trace 1 header (interface v1 §1). Unknown keys are kept, not interpreted.
public struct TraceMetadata: Sendable, Equatable {
    public var tool: Tool?
    public var radiusMM: Double?
    public var fasciaCM: Double?
    public var imu: String?
    public var forceSensor: String?
    public var rateHz: Double?
    /// ISO-8601 wall-clock time the session started, as written.
    public var started: String?
    public var source: String?
    /// Every key in file order, including the known ones, so a trace can be rewritten without losing anything.
    public var entries: [(key: String, value: String)]

    public init(tool: Tool? = nil, radiusMM: Double? = nil, fasciaCM: Double? = nil, imu: String? = nil,
                forceSensor: String? = nil, rateHz: Double? = nil, started: String? = nil, source: String? = nil,
                extra: [(key: String, value: String)] = []) {
        self.tool = tool; self.radiusMM = radiusMM; self.fasciaCM = fasciaCM; self.imu = imu
        self.forceSensor = forceSensor; self.rateHz = rateHz; self.started = started; self.source = source
        self.entries = extra
    }

    /// Known keys first (in the interface's order), then the extra ones.
    public var lines: [(key: String, value: String)] {
        var out: [(String, String)] = []
        if let tool { out.append(("tool", tool.rawValue)) }
        if let radiusMM { out.append(("radius_mm", TraceNumber.format(radiusMM))) }
        if let fasciaCM { out.append(("fascia_cm", TraceNumber.format(fasciaCM))) }
        if let imu { out.append(("imu", imu)) }
        if let forceSensor { out.append(("force_sensor", forceSensor)) }
        if let rateHz { out.append(("rate_hz", TraceNumber.format(rateHz))) }
        if let started { out.append(("started", started)) }
        if let source { out.append(("source", source)) }
        let known: Set<String> = ["tool", "radius_mm", "fascia_cm", "imu", "force_sensor", "rate_hz", "started", "source"]
        out += entries.filter { !known.contains($0.key) }
        return out
    }

    public static func == (a: TraceMetadata, b: TraceMetadata) -> Bool {
        a.lines.map { "\($0.key)=\($0.value)" } == b.lines.map { "\($0.key)=\($0.value)" }
    }
}

/// Numbers in metadata text (`# radius_mm: 30`): integers without a decimal point, others as the shortest decimal
/// that reads back to the same double (Swift's own printing).
public enum TraceNumber {
    public static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
