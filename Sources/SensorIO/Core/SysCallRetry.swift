import SystemPackage

/// The one retry policy for every system call SensorIO makes (I2C through `I2CSysCalls`, GPIO through
/// `GPIOSysCalls`), after apple/swift-system's `retryOnInterrupt`: a call that failed with a retryable errno is
/// simply made again; every other failure is returned to the caller, who turns it into a typed error with a fix.
enum SysCallRetry {
    /// Errnos after which making the same call again is both safe and the right thing to do.
    ///
    /// - `EINTR` (`.interrupted`): a signal handler ran before the call did its work (rollmon installs SIGINT/SIGTERM
    ///   handlers without SA_RESTART, so a Ctrl-C or a terminal hang-up can land in any blocking call). Nothing
    ///   happened on the bus or the line, so repeating it is exact; the stop flag is checked by the loops above, whose
    ///   waits all have finite timeouts.
    ///
    /// Deliberately not retried:
    /// - `EAGAIN`: from i2c-dev it means another master won arbitration (Linux Documentation/i2c/fault-codes.rst).
    ///   The i2c core already repeats such a transfer `adapter->retries` times within `adapter->timeout`
    ///   (`__i2c_smbus_xfer`), and the Pi's bus has no other master, so an EAGAIN that reaches user space is a bus
    ///   fault: it is reported, and the sample source's back-off decides when to try the sensor again. (Until wave 2
    ///   the I2C layer retried it twice more on its own.) From a GPIO request it means "no event queued", an answer
    ///   rather than a failure.
    /// - `EIO`, `ENXIO`, `EREMOTEIO`, `ETIMEDOUT`: the device did not answer or the bus is faulty; repeating at once
    ///   hides a wiring fault and may repeat a register write the chip half-took.
    /// - `EBUSY`, `EACCES`, `EPERM`, `ENOENT`, `ENODEV`: conditions that only the user can change (another driver,
    ///   group membership, I2C or the overlay not enabled); the errors say how.
    static let retryable: Set<Errno> = [.interrupted]

    /// Makes `call` until it succeeds or fails with an errno outside `retryable`, and returns that result.
    @inline(__always)
    static func run<T>(_ call: () -> Result<T, Errno>) -> Result<T, Errno> {
        while true {
            let result = call()
            if case let .failure(errno) = result, retryable.contains(errno) { continue }
            return result
        }
    }
}
