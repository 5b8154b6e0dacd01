import SensorIO

/// The demo's pace: the simulated chips run ahead on their virtual clock, so each sample is held until its time at
/// `speed` times real time. Live sessions have no pacer (the sensors set the pace).
struct DemoPacer {
    let speed: Double
    let wallClock: MonotonicClock
    private let startWallS: Double
    private var startSampleS: Double?

    init(speed: Double, wallClock: MonotonicClock) {
        self.speed = speed
        self.wallClock = wallClock
        startWallS = wallClock.nowSeconds()
    }

    /// Longest single sleep: `q`, Ctrl-C and SIGTERM are noticed within this. A simulated outage moves the chips'
    /// clock on by whole retry steps, so one wait can be long.
    static let sliceS = 0.05

    /// Sleeps until the sample taken (or the chip clock reading) at `tSeconds` is due, or until `stopping` says the
    /// session is ending; false in that case.
    @discardableResult
    mutating func wait(forSampleAt tSeconds: Double, unless stopping: () -> Bool) -> Bool {
        let start = startSampleS ?? tSeconds
        startSampleS = start
        let due = startWallS + (tSeconds - start) / speed
        while true {
            if stopping() { return false }
            let now = wallClock.nowSeconds()
            guard due > now else { return true }
            wallClock.sleep(untilSeconds: min(due, now + Self.sliceS))
        }
    }
}
