import RollCore

/// What a chip driver offers the shared read loop: one coherent status+data burst, optionally a FIFO drain, and a
/// configuration check.
protocol IMURawAccess: AnyObject {
    /// One burst: returns the sample if the chip flagged new data, nil otherwise.
    func readIfReady() throws -> (accelMS2: Vector3, gyroRadS: Vector3)?
    /// Reads the sample registers without looking at a status flag (after a data-ready edge).
    func readSample() throws -> (accelMS2: Vector3, gyroRadS: Vector3)
    /// Everything queued in the chip's FIFO, oldest first (`FIFODrain`).
    func drainFIFO() throws -> FIFODrain
    /// Throws `SensorIOError.configurationLost` if the chip's registers no longer hold what `configure()` wrote.
    func verifyConfiguration() throws
    /// Whether the data-ready pin stays high until the data are read (LSM6 default) rather than pulsing per sample
    /// (MPU with LATCH_INT_EN = 0).
    var dataReadyLineLatches: Bool { get }
}

/// What one FIFO drain brought.
enum FIFODrain {
    /// Everything queued, oldest first, with the host time the FIFO count was read (the newest frame was taken
    /// before then; the drain itself takes milliseconds of bus time afterwards).
    case frames([(accelMS2: Vector3, gyroRadS: Vector3)], countedAtSeconds: Double)
    /// The FIFO overflowed (or could not be brought back to a frame boundary) and was reset: samples were lost
    /// after the newest one handed out.
    case overflowed
    /// A bus error cut the read after these frames, the oldest queued (the newest of them taken at about
    /// `newestTakenAtSeconds`, host time). The frame the error cut into is lost; the FIFO was brought back to a
    /// frame boundary, so what is queued behind it comes with the next drain.
    case cut([(accelMS2: Vector3, gyroRadS: Vector3)], newestTakenAtSeconds: Double)
}

/// An IMU driver built on the shared read loop: it supplies the chip half (`IMURawAccess`) and keeps the loop; how
/// it reads, which events it reports, when it next reads and when its data count as stuck are the loop's, the same
/// for every chip.
protocol IMUReadLoopDriver: IMUDevice, IMURawAccess {
    /// Mutated while it calls back into the driver's `IMURawAccess` half, which therefore must not touch it.
    var loop: IMUReadLoop { get set }
    var bus: I2CBus { get }
    var address: UInt8 { get }
    var clock: MonotonicClock { get }
    /// Register values `configure()` writes, in order (and `verifyConfiguration()` reads back).
    var configurationWrites: [(UInt8, UInt8)] { get }
}

extension IMUReadLoopDriver {
    public func read() throws -> [IMUReading] { try loop.read(self) }
    public func takeEvents() -> [SensorEvent] { loop.takeEvents() }
    public var nextReadDueSeconds: Double { loop.nextReadDueSeconds }

    /// Seconds of bit-identical samples after which `read()` reports `stuckData` (nil: never; for noise-free
    /// simulated inputs).
    public var stuckLimitSeconds: Double? {
        get { loop.stuckLimitSeconds }
        set { loop.stuckLimitSeconds = newValue }
    }

    /// The start of every `configure()`: the chip must still answer as the variant this driver was made for
    /// (`expected` in its WHO_AM_I register), then a reset (`reset.value` written to `reset.register`) and the
    /// chip's reset time before anything else is written.
    func identifyAndReset(whoAmI: UInt8, expected: UInt8, reset: (register: UInt8, value: UInt8),
                          waitSeconds: Double) throws {
        let who = try bus.readByteData(address: address, register: whoAmI)
        guard who == expected else {
            throw SensorIOError.unknownChip(bus: bus.name, address: address, register: whoAmI, read: who,
                                            expected: [expected: chipName])
        }
        try bus.writeByteData(address: address, register: reset.register, value: reset.value)
        clock.sleep(untilSeconds: clock.nowSeconds() + waitSeconds)
    }

    /// Writes `configurationWrites`, in order.
    func writeConfiguration() throws {
        for (reg, value) in configurationWrites {
            try bus.writeByteData(address: address, register: reg, value: value)
        }
    }

    func verifyConfiguration() throws {
        for (reg, expected) in configurationWrites {
            let got = try bus.readByteData(address: address, register: reg)
            if got != expected {
                throw SensorIOError.configurationLost(chip: chipName, register: reg, expected: expected, read: got)
            }
        }
    }
}

/// The timing half of every IMU driver: waits for data the way the acquisition mode says, stamps samples on the
/// chip's own clock (`SampleClock`) and notices a chip that went quiet or lost its configuration.
struct IMUReadLoop {
    let clock: MonotonicClock
    /// Starts as configured; a data-ready line that stays silent while the chip answers is abandoned for
    /// `.polling` (reported once as `noData`), so a broken INT wire degrades the rig instead of stopping it.
    private(set) var mode: IMUAcquisitionMode
    let chipName: String
    var sampleClock: SampleClock
    /// Host time of the last successful data read.
    private var lastDataSeconds: Double
    private var lastVerifySeconds: Double
    private var lastEdgeSeconds: Double?
    private var lastPollSeconds: Double
    /// Consecutive data-ready timeouts with data waiting (latched lines only).
    private var missedEdges = 0
    private var lastSample: (Vector3, Vector3)?
    private var identicalSamples = 0
    /// Identical consecutive samples on all six axes for this long → `stuckData`. A live MEMS IMU's noise is several
    /// LSB rms at these ranges (MPU-6050 spec: gyro 0.005 °/s/√Hz, accel 400 µg/√Hz; LSM6DS3: 7 mdps/√Hz,
    /// 90 µg/√Hz), so a repeat of all six values for even 0.1 s does not happen on a working chip; 2 s leaves room for noise-free simulated inputs that hold still briefly. nil disables it
    /// (noise-free simulations).
    var stuckLimitSeconds: Double? = 2.0
    /// Gaps the chip reported (FIFO overflow), waiting to be handed to the sample source as `SensorEvent`s.
    private(set) var events: [SensorEvent] = []
    /// A FIFO overflow was seen after the sample stamped at this time: the next stamped sample closes the gap.
    private var overflowAfterSeconds: Double?
    private var gapCause = FIFOGapCause.overflow
    /// Newest stamp handed out.
    private var lastStampSeconds: Double?

    /// Configuration is read back this often even while data flows (a reset chip may still produce data, e.g. an
    /// LSM6 at power-on defaults is simply powered down, but an MPU keeps its FIFO count at 0).
    static let verifyIntervalSeconds = 1.0
    /// No new data for this long although the chip answers → `noData` (after a configuration check).
    static let silenceLimitSeconds = 0.5

    init(clock: MonotonicClock, mode: IMUAcquisitionMode, chipName: String, rateHz: Double) {
        self.clock = clock
        self.mode = mode
        self.chipName = chipName
        sampleClock = SampleClock(nominalRateHz: rateHz)
        let now = clock.nowSeconds()
        lastDataSeconds = now
        lastVerifySeconds = now
        lastPollSeconds = now
    }

    /// FIFO mode: the end of the current batch; the other modes read (and wait) at once.
    var nextReadDueSeconds: Double {
        if case let .fifo(batchSeconds) = mode { return lastPollSeconds + batchSeconds }
        return clock.nowSeconds()
    }

    /// A new nominal rate (before `configure()`).
    mutating func setRate(_ rateHz: Double) {
        sampleClock = SampleClock(nominalRateHz: rateHz)
    }

    /// The events collected since the last call.
    mutating func takeEvents() -> [SensorEvent] {
        defer { events.removeAll() }
        return events
    }

    /// Restarts timing after `configure()`: the next sample re-syncs, so a reset or reconnect shows as a time gap.
    mutating func restart() {
        sampleClock.invalidate()
        let now = clock.nowSeconds()
        lastDataSeconds = now
        lastVerifySeconds = now
        lastPollSeconds = now
        lastEdgeSeconds = nil
        lastSample = nil
        identicalSamples = 0
        overflowAfterSeconds = nil
    }

    /// Records that samples were lost after the newest stamp (`cause`: the words for the report), so the count
    /// since the sync point is unknown.
    private mutating func samplesLostAfterNewest(_ cause: FIFOGapCause) {
        sampleClock.invalidate()
        if overflowAfterSeconds == nil {
            overflowAfterSeconds = lastStampSeconds ?? clock.nowSeconds()
            gapCause = cause
        }
    }

    /// Why the open gap opened, as the `samplesLost` report says it.
    enum FIFOGapCause: String {
        case overflow = "FIFO overflow (the bus or the reader fell behind) or a bus error mid-read; FIFO reset"
        case cutRead = "a bus error cut a FIFO read; what it cut into is lost, the FIFO realigned"
    }

    /// Closes an open overflow gap at the first sample stamped after it.
    private mutating func noteStamps(_ out: [IMUReading]) {
        guard let first = out.first, let last = out.last else { return }
        if let from = overflowAfterSeconds {
            let lost = max(0, Int(((first.tSeconds - from) * sampleClock.nominalRateHz).rounded()) - 1)
            // A reset that lost nothing (the next sample came one period on) is no gap: "0 samples lost in 1 ms"
            // on the screen was noise.
            if lost > 0 {
                events.append(.samplesLost(sensor: chipName, count: lost, fromSeconds: from, toSeconds: first.tSeconds,
                                           reason: gapCause.rawValue))
            }
            overflowAfterSeconds = nil
        }
        lastStampSeconds = last.tSeconds
    }

    mutating func read(_ chip: IMURawAccess) throws -> [IMUReading] {
        let period = 1 / sampleClock.rateHz
        var out: [IMUReading] = []
        var cutAfterOut = false
        switch mode {
        case let .dataReadyLine(line):
            // Wait a few periods at most: read() must never block for long.
            if var edge = try line.waitForDataReady(timeoutSeconds: 4 * period) {
                // Behind schedule (edges queued while we were busy): the registers hold the newest sample only, so
                // skip to the newest queued edge to stamp it correctly; the skipped ones count as lost samples.
                var drained = 0
                while clock.nowSeconds() - edge > 1.5 * period, drained < 1000,
                      let newer = try line.waitForDataReady(timeoutSeconds: 0) {
                    edge = newer
                    drained += 1
                }
                let s = try chip.readSample()
                var skipped = 0
                if let last = lastEdgeSeconds { skipped = max(0, Int(((edge - last) / period).rounded()) - 1) }
                lastEdgeSeconds = edge
                let t = sampleClock.stamp(count: 1, skipped: skipped, observedAtSeconds: edge)
                out.append(IMUReading(tSeconds: t[0], accelMS2: s.accelMS2, gyroRadS: s.gyroRadS))
                missedEdges = 0
            } else if chip.dataReadyLineLatches, let s = try chip.readIfReady() {
                // No edge, but data waits: an edge was missed, and a latched INT line stays high until the data are
                // read, so it would never rise again. Reading re-arms it; stamp by host time. Three in a row is a
                // broken wire, not a missed edge: give up the line (below, as `noData`).
                let now = clock.nowSeconds()
                lastEdgeSeconds = nil
                missedEdges += 1
                let t = sampleClock.stamp(count: 1, observedAtSeconds: now)
                out.append(IMUReading(tSeconds: t[0], accelMS2: s.accelMS2, gyroRadS: s.gyroRadS))
                if missedEdges >= 3 {
                    mode = .polling
                    throw SensorIOError.noData(chip: chipName + " data-ready line", forSeconds: 12 * period)
                }
            }
        case let .fifo(batchSeconds):
            clock.sleep(untilSeconds: lastPollSeconds + batchSeconds)
            lastPollSeconds = clock.nowSeconds()
            switch try chip.drainFIFO() {
            case let .frames(frames, countedAt):
                out = stamped(frames, observedAtSeconds: countedAt)
            case .overflowed:
                // Samples were lost, so the count since the sync point is unknown; re-sync (visible gap, reported
                // as an event once the next sample is stamped).
                samplesLostAfterNewest(.overflow)
            case let .cut(frames, newestTakenAt):
                // The frames before the cut continue the stamps; after them at least one frame is lost, which only
                // the next drain's timing can size: as after an overflow, once these are stamped.
                out = stamped(frames, observedAtSeconds: newestTakenAt)
                cutAfterOut = true
            }
        case .polling:
            let due = sampleClock.isSynced ? sampleClock.expectedNextSeconds() : clock.nowSeconds()
            clock.sleep(untilSeconds: due)
            // Up to 4 tries a quarter period apart, so one call blocks about one period at most.
            for attempt in 0..<4 {
                if attempt > 0 { clock.sleep(untilSeconds: clock.nowSeconds() + period / 4) }
                if let s = try chip.readIfReady() {
                    let now = clock.nowSeconds()
                    var skipped = 0
                    if sampleClock.isSynced {
                        skipped = max(0, Int(((now - sampleClock.expectedNextSeconds()) / period).rounded(.down)))
                    }
                    let t = sampleClock.stamp(count: 1, skipped: skipped, observedAtSeconds: now)
                    out.append(IMUReading(tSeconds: t[0], accelMS2: s.accelMS2, gyroRadS: s.gyroRadS))
                    break
                }
            }
        }
        noteStamps(out)
        if cutAfterOut { samplesLostAfterNewest(.cutRead) }   // after `noteStamps`: the gap opens after these frames
        try checkStuck(out)
        let now = clock.nowSeconds()
        if !out.isEmpty { lastDataSeconds = now }
        if now - lastVerifySeconds >= Self.verifyIntervalSeconds || (out.isEmpty && now - lastDataSeconds > 8 * period) {
            lastVerifySeconds = now
            try chip.verifyConfiguration()
        }
        if out.isEmpty && now - lastDataSeconds > Self.silenceLimitSeconds {
            if case .dataReadyLine = mode { mode = .polling }
            throw SensorIOError.noData(chip: chipName, forSeconds: now - lastDataSeconds)
        }
        return out
    }

    /// Consecutive FIFO frames, the newest taken at about `observedAtSeconds`, as stamped readings.
    private mutating func stamped(_ frames: [(accelMS2: Vector3, gyroRadS: Vector3)],
                                  observedAtSeconds: Double) -> [IMUReading] {
        let ts = sampleClock.stamp(count: frames.count, observedAtSeconds: observedAtSeconds)
        return zip(ts, frames).map { IMUReading(tSeconds: $0, accelMS2: $1.accelMS2, gyroRadS: $1.gyroRadS) }
    }

    private mutating func checkStuck(_ readings: [IMUReading]) throws {
        guard let limit = stuckLimitSeconds else { return }
        for r in readings {
            if let last = lastSample, last.0 == r.accelMS2, last.1 == r.gyroRadS {
                identicalSamples += 1
            } else {
                identicalSamples = 0
            }
            lastSample = (r.accelMS2, r.gyroRadS)
        }
        let seconds = Double(identicalSamples) / sampleClock.rateHz
        if seconds >= limit {
            identicalSamples = 0
            throw SensorIOError.stuckData(chip: chipName, forSeconds: seconds)
        }
    }
}
