import SystemPackage

/// Errors that tell the user what to do, not just what went wrong. Every hardware failure in SensorIO surfaces as
/// one of these (never a trap): the presenter prints `description`.
public enum SensorIOError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No `/dev/i2c-*` device nodes at all: the I2C controller is not enabled.
    case noI2CBuses
    /// A specific bus node is missing (ENOENT).
    case busNotFound(path: String, available: [String])
    /// The bus node exists but this user may not open it (EACCES / EPERM).
    case permissionDenied(path: String)
    /// Nothing acknowledged `address`; `answered` lists the addresses that did, from a scan of the same bus.
    case noDeviceAt(bus: String, address: UInt8, answered: [UInt8])
    /// An ID register held an unexpected value.
    case unknownChip(bus: String, address: UInt8, register: UInt8, read: UInt8, expected: [UInt8: String])
    /// A transfer failed (EIO, ENXIO mid-session, timeouts...).
    case transfer(I2CError)
    /// The chip answers but its configuration no longer reads back as written: it was reset (power glitch).
    case configurationLost(chip: String, register: UInt8, expected: UInt8, read: UInt8)
    /// Data stopped arriving although the chip answers (no data-ready edge, no new conversion) for too long.
    case noData(chip: String, forSeconds: Double)
    /// Every axis returned the identical value for `forSeconds`: a live sensor's noise makes that impossible, so the
    /// sensor core is hung (the bus still answers).
    case stuckData(chip: String, forSeconds: Double)
    /// A value handed to SensorIO that cannot work (e.g. a calibration curve that is not increasing).
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .noI2CBuses:
            return "No I2C bus found (/dev/i2c-* does not exist). Enable I2C on the Raspberry Pi: run "
                + "`sudo raspi-config` → Interface Options → I2C → Yes, or add `dtparam=i2c_arm=on` to "
                + "/boot/firmware/config.txt (/boot/config.txt on older Raspberry Pi OS), then reboot. "
                + "On other Linux machines load the driver for your adapter and `sudo modprobe i2c-dev`."
        case let .busNotFound(path, available):
            let list = available.isEmpty ? "none — I2C looks disabled" : available.joined(separator: ", ")
            return "\(path) does not exist (buses present: \(list)). If I2C is disabled, run `sudo raspi-config` → "
                + "Interface Options → I2C, or add `dtparam=i2c_arm=on` to /boot/firmware/config.txt, then reboot."
        case let .permissionDenied(path):
            return "Permission denied opening \(path). Add yourself to the i2c group: `sudo usermod -aG i2c $USER`, "
                + "then log out and log in again (or reboot)."
        case let .noDeviceAt(bus, address, answered):
            let found = answered.isEmpty ? "no device answered on \(bus) at all — check power (3.3 V), GND, SDA/SCL wiring"
                : "addresses that answered on \(bus): " + answered.map(hex).joined(separator: ", ")
            return "Nothing answered at \(hex(address)) on \(bus); \(found). Check the address jumper/pin "
                + "(e.g. AD0/SDO/ADDR/SDO) or pass the address that answered."
        case let .unknownChip(bus, address, register, read, expected):
            let exp = expected.sorted { $0.key < $1.key }.map { "\(hex($0.key)) (\($0.value))" }.joined(separator: ", ")
            return "Unknown chip at \(bus) \(hex(address)): register \(hex(register)) reads \(hex(read)), "
                + "expected one of \(exp). Is this the sensor you think it is?"
        case let .transfer(e):
            return e.description
        case let .configurationLost(chip, register, expected, read):
            return "\(chip) lost its configuration (register \(hex(register)) reads \(hex(read)), wrote \(hex(expected))): "
                + "it was probably reset by a power glitch; re-initialising. Check the supply wiring if this repeats."
        case let .noData(chip, seconds):
            return "\(chip) answered but produced no new data for \(String(format1: seconds)) s. "
                + "If a data-ready line is configured, check that wire (INT/INT1 pin to the GPIO you named); "
                + "reading continues by polling."
        case let .stuckData(chip, seconds):
            return "\(chip) returned exactly the same reading on every axis for \(String(format1: seconds)) s: the "
                + "sensor is stuck; re-initialising it."
        case let .invalidConfiguration(text):
            return text
        }
    }
}

/// One failed I2C transfer, with the kernel's errno and enough context to find the wire at fault.
public struct I2CError: Error, CustomStringConvertible, Sendable, Equatable {
    public var errno: Errno
    public var operation: String
    public var bus: String
    public var address: UInt8?
    public var register: UInt8?

    public init(errno: Errno, operation: String, bus: String, address: UInt8? = nil, register: UInt8? = nil) {
        self.errno = errno; self.operation = operation; self.bus = bus; self.address = address; self.register = register
    }

    /// ENXIO / EREMOTEIO is how i2c-dev reports a NACK: the chip did not acknowledge its address.
    public var isNoAcknowledge: Bool {
        // i2c-stub (drivers/i2c/i2c-stub.c, stub_xfer) answers an address with no chip with ENODEV.
        errno == .noSuchAddressOrDevice || errno.rawValue == 121 /* EREMOTEIO, Linux asm-generic/errno.h */
            || errno.rawValue == 19 /* ENODEV */
    }

    public var description: String {
        var where_ = bus
        if let address { where_ += " \(hex(address))" }
        if let register { where_ += " register \(hex(register))" }
        let hint: String
        if isNoAcknowledge {
            hint = " — the chip did not acknowledge: check its power and SDA/SCL wires"
        } else if errno == .ioError || errno == .timedOut {
            hint = " — bus error: loose wire, missing pull-ups or too long cables"
        } else {
            hint = ""
        }
        return "I2C \(operation) failed on \(where_): \(errno)\(hint)"
    }
}

/// `0x68`-style formatting used in every message and in `rollmon probe` output.
@inlinable public func hex(_ value: UInt8) -> String {
    let digits = String(value, radix: 16)
    return "0x" + (digits.count < 2 ? "0" + digits : digits)
}

extension String {
    init(format1 value: Double) {
        self = String((value * 10).rounded() / 10)
    }
}
