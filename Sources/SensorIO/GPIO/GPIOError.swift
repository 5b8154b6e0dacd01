import SystemPackage

/// A GPIO failure that says how to fix it. `errno` is the kernel's answer (SystemPackage `Errno`) when there was one.
public struct GPIOError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// No `/dev/gpiochip*` node exists at all.
        case noGPIOChips(directory: String)
        /// The chip node exists but may not be opened by this user (EACCES / EPERM).
        case permissionDenied(path: String)
        /// The requested chip does not exist; `available` lists what does (gpiodetect style).
        case noSuchChip(requested: String, available: [GPIOChipInfo])
        /// The line offset is beyond the chip's lines.
        case noSuchLine(chip: String, offset: UInt32, lineCount: Int)
        /// Somebody else holds the line (EBUSY); `consumer` is their consumer string from the line info.
        case lineBusy(chip: String, offset: UInt32, consumer: String)
        /// Any other failed operation.
        case operationFailed(operation: String, chip: String)
    }

    public var reason: Reason
    public var errno: Errno?

    public init(_ reason: Reason, errno: Errno? = nil) {
        self.reason = reason; self.errno = errno
    }

    public var description: String {
        switch reason {
        case let .noGPIOChips(directory):
            return "No GPIO chip found (no \(directory)/gpiochip* device). This machine has no GPIO character device: "
                + "run rollmon on the Raspberry Pi the sensors are wired to (Linux 4.8+ with /dev/gpiochip0), "
                + "or use the simulated sensors."
        case let .permissionDenied(path):
            return "Permission denied opening \(path). Add yourself to the gpio group: `sudo usermod -aG gpio $USER`, "
                + "then log out and log in again (or reboot)."
        case let .noSuchChip(requested, available):
            let list = available.isEmpty ? "none" : available.map { "\($0.path): \($0)" }.joined(separator: "; ")
            return "GPIO chip \(requested) does not exist. Chips present: \(list). "
                + "On a Raspberry Pi the 40-pin header is the chip labelled pinctrl-bcm2711 / pinctrl-bcm2835 "
                + "(pinctrl-rp1 on a Pi 5)."
        case let .noSuchLine(chip, offset, lineCount):
            return "GPIO line \(offset) does not exist on \(chip): it has lines 0...\(max(lineCount - 1, 0)) "
                + "(\(lineCount) lines). Line offsets are BCM GPIO numbers on the Pi's header chip, not pin numbers."
        case let .lineBusy(chip, offset, consumer):
            let who = consumer.isEmpty ? "another program (no consumer name given)" : "\"\(consumer)\""
            return "GPIO line \(offset) on \(chip) is already in use by \(who). Stop that program, or remove the "
                + "device-tree overlay claiming the pin (check `gpioinfo`), or wire this signal to a free line."
        case let .operationFailed(operation, chip):
            let what = errno.map { "\($0)" } ?? "unknown error"
            return "GPIO \(operation) failed on \(chip): \(what)"
        }
    }
}
