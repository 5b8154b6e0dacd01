import SystemPackage

/// The SCL frequency of an I2C adapter, as far as Linux tells it.
///
/// i2c-dev has no ioctl for the clock. On device-tree systems (every Raspberry Pi) the adapter's node carries the
/// standard `clock-frequency` property (Documentation/devicetree/bindings/i2c/i2c.txt: "clock-frequency: frequency
/// of bus clock in Hz"), which `dtparam=i2c_arm_baudrate=N` sets for the header bus. sysfs exposes the node as
/// `of_node/` of the adapter device, and a property file holds the raw value: one 32-bit big-endian cell (the
/// device-tree specification v0.4 §2.2.4, "<u32>" property values are big-endian).
public struct I2CBusClock: Sendable, Equatable, CustomStringConvertible {
    public enum Source: Sendable, Equatable {
        /// Read from this sysfs file.
        case deviceTree(path: String)
        /// Not exposed: `clockHz` is the Raspberry Pi default.
        case assumedDefault
    }
    public var clockHz: Double
    public var source: Source

    public init(clockHz: Double, source: Source) { self.clockHz = clockHz; self.source = source }

    /// The Pi's `i2c_arm` bus without `i2c_arm_baudrate`: 100 kHz (Raspberry Pi firmware overlays README,
    /// "i2c_arm_baudrate: Set the baudrate of the ARM I2C interface (default "100000")").
    public static let raspberryPiDefaultHz = 100_000.0

    public var isKnown: Bool { if case .deviceTree = source { true } else { false } }

    /// "100 kHz" or "400 kHz".
    public var kHzText: String {
        let k = clockHz / 1000
        return k == k.rounded() ? "\(Int(k)) kHz" : "\((k * 10).rounded() / 10) kHz"
    }

    public var description: String {
        isKnown ? "bus at \(kHzText)"
            : "bus clock unknown (no device-tree clock-frequency), assuming the Pi default \(kHzText)"
    }

    /// Where the property can be, for bus `busNumber` under `sysfsRoot`: the i2c bus device and the (older)
    /// i2c-adapter class link name the same device.
    public static func candidatePaths(busNumber: Int, sysfsRoot: String = "/sys") -> [String] {
        ["\(sysfsRoot)/bus/i2c/devices/i2c-\(busNumber)/of_node/clock-frequency",
         "\(sysfsRoot)/class/i2c-adapter/i2c-\(busNumber)/of_node/clock-frequency"]
    }

    /// Reads the clock of `/dev/i2c-<busNumber>`; absent or unreadable → the Pi default, marked as assumed.
    public static func read(busNumber: Int, sysfsRoot: String = "/sys") -> I2CBusClock {
        for path in candidatePaths(busNumber: busNumber, sysfsRoot: sysfsRoot) {
            if let hz = readCell(path: path), hz > 0 { return I2CBusClock(clockHz: Double(hz), source: .deviceTree(path: path)) }
        }
        return I2CBusClock(clockHz: raspberryPiDefaultHz, source: .assumedDefault)
    }

    /// The bus number in a `/dev/i2c-N` path or an `i2c-N` name.
    public static func busNumber(fromName name: String) -> Int? {
        guard let dash = name.lastIndex(of: "-") else { return nil }
        return Int(name[name.index(after: dash)...])
    }

    /// One big-endian u32 cell, or nil when the file is missing or not exactly 4 bytes.
    static func readCell(path: String) -> UInt32? {
        guard let fd = try? FileDescriptor.open(FilePath(path), .readOnly, options: .closeOnExec) else { return nil }
        defer { try? fd.close() }
        var bytes = [UInt8](repeating: 0, count: 8)
        let n = (try? bytes.withUnsafeMutableBytes { try fd.read(into: $0) }) ?? 0
        guard n == 4 else { return nil }
        return UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
    }
}
