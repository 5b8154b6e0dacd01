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
    /// - `EIO`, `ENXIO`, `EREMOTEIO`, `ETIMEDOUT`: not here — the device did not answer or the bus is faulty, and
    ///   repeating at once inside the syscall layer would hide a wiring fault. One glitch on SDA/SCL is retried a
    ///   bounded number of times one level up, per SMBus transfer and counted (`transientBusErrnos`,
    ///   `RetryingI2CBus`), so a noisy bus costs a retry instead of a re-initialised chip.
    /// - `EBUSY`, `EACCES`, `EPERM`, `ENOENT`, `ENODEV`: conditions that only the user can change (another driver,
    ///   group membership, I2C or the overlay not enabled); the errors say how.
    static let retryable: Set<Errno> = [.interrupted]

    /// What one glitch on SDA/SCL looks like from user space (Linux Documentation/i2c/fault-codes.rst): EIO (a bus
    /// error or lost arbitration the adapter could not sort out), ENXIO / EREMOTEIO (no ACK: a corrupted address
    /// byte looks the same as an absent chip). A chip that is really gone keeps failing, so after
    /// `transientBusRetries` more attempts the error stands and the sample source declares the device lost.
    static let transientBusErrnos: Set<Errno> = [.ioError, .noSuchAddressOrDevice, Errno(rawValue: 121) /* EREMOTEIO */]
    /// Two more attempts: with a 1 % transfer error rate (a very noisy bus) three failures in a row happen once in a
    /// million transfers (about every half hour at the ~500 transfers/s of a FIFO drain), while an unplugged chip is
    /// still declared lost within three transfer times (well under 1 ms). A design choice, not a datasheet figure.
    static let transientBusRetries = 2

    /// The part of `transientBusErrnos` that proves no data byte moved: the address or register byte was not
    /// acknowledged. Only these are retried on a read that consumes what it reads (a FIFO port): after an EIO mid-read
    /// the bytes already clocked out are gone, and reading again would start mid-frame.
    static let noAcknowledgeErrnos: Set<Errno> = [.noSuchAddressOrDevice, Errno(rawValue: 121) /* EREMOTEIO */]

    /// Runs one bus transfer, making it again after a transient bus error (`transientBusErrnos`, or only
    /// `noAcknowledgeErrnos` when the transfer `consumes` what it reads) at most `transientBusRetries` times;
    /// `retried` is called once per repeat (the count `--stats` reports).
    static func runTransfer<T>(consumes: Bool = false, _ transfer: () throws -> T, retried: () -> Void) throws -> T {
        let retryable = consumes ? noAcknowledgeErrnos : transientBusErrnos
        var attempt = 0
        while true {
            do { return try transfer() } catch let error as I2CError
                where attempt < transientBusRetries && retryable.contains(error.errno) {
                attempt += 1
                retried()
            }
        }
    }

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
