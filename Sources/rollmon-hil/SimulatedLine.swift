#if canImport(Glibc)
import Glibc
#endif

/// The "other side" of one gpio-sim line, through the simulator's sysfs attributes
/// (Documentation/admin-guide/gpio/gpio-sim.rst): writing `pull` is what an external circuit would do to an input
/// (a button pulling it low), reading `value` shows what a consumer drives on an output.
struct SimulatedLine {
    let directory: String

    init(sysfs: String, offset: UInt32) { directory = "\(sysfs)/sim_gpio\(offset)" }

    /// Pull-up = the line reads high, pull-down = low. A change on a requested input raises its edge interrupt.
    func drive(high: Bool) throws {
        try write("pull", high ? "pull-up" : "pull-down")
    }

    /// A press of a button wired to ground, as a real switch makes it: five level changes 1 ms apart (contact bounce,
    /// shorter than the driver's debounce) ending low. `releaseWithBounce` is the same ending high.
    func pressWithBounce() throws { try bounce(endingHigh: false) }
    func releaseWithBounce() throws { try bounce(endingHigh: true) }

    private func bounce(endingHigh: Bool) throws {
        for k in 0..<5 { try drive(high: (k % 2 == 0) == endingHigh); usleep(1000) }
    }

    /// The level of the line as the simulator sees it (for an output: what the consumer set).
    func level() throws -> Bool {
        let text = try read("value")
        switch text {
        case "1": return true
        case "0": return false
        default: throw CheckFailure("\(directory)/value reads '\(text)'")
        }
    }

    private func write(_ attribute: String, _ text: String) throws {
        let path = "\(directory)/\(attribute)"
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CheckFailure("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count else { throw CheckFailure("write \(path): \(String(cString: strerror(errno)))") }
    }

    private func read(_ attribute: String) throws -> String {
        let path = "\(directory)/\(attribute)"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CheckFailure("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { throw CheckFailure("read \(path): \(String(cString: strerror(errno)))") }
        return String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: [" ", "\n"])
    }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
