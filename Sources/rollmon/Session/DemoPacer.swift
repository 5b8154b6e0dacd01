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

    /// Sleeps until the sample taken at `tSeconds` (chip time) is due.
    mutating func wait(forSampleAt tSeconds: Double) {
        let start = startSampleS ?? tSeconds
        startSampleS = start
        let due = startWallS + (tSeconds - start) / speed
        if due > wallClock.nowSeconds() { wallClock.sleep(untilSeconds: due) }
    }
}
