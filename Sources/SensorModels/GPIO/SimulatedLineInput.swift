import SensorIO

/// Something that drives a simulated input line: a button, a data-ready pin, the HX711's DOUT.
public protocol SimulatedLineInput: AnyObject {
    /// The line's level (true = high) at time `tSeconds`.
    func level(atSeconds tSeconds: Double) -> Bool
    /// Level changes in (fromSeconds, throughSeconds], oldest first (what edge detection sees).
    func transitions(afterSeconds fromSeconds: Double, throughSeconds: Double) -> [(tSeconds: Double, level: Bool)]
    /// The first level change strictly after `tSeconds`, if one is scheduled.
    func nextTransition(afterSeconds tSeconds: Double) -> Double?
}

extension SimulatedLineInput {
    /// Inputs whose edges nobody watches (e.g. the HX711's DOUT, which is polled) need only `level`.
    public func transitions(afterSeconds fromSeconds: Double, throughSeconds: Double) -> [(tSeconds: Double, level: Bool)] { [] }
    public func nextTransition(afterSeconds tSeconds: Double) -> Double? { nil }
}

/// A device that watches a simulated output line (the HX711 watching PD_SCK, a buzzer).
public protocol SimulatedLineOutputObserver: AnyObject {
    func lineDriven(offset: UInt32, high: Bool, atSeconds tSeconds: Double)
}

/// A scripted input level: a start level and a list of changes (a button being pressed, with contact bounce).
public final class SimulatedWaveform: SimulatedLineInput {
    public let initialLevel: Bool
    /// (time, new level), strictly increasing in time.
    public private(set) var changes: [(tSeconds: Double, level: Bool)]

    public init(initialLevel: Bool, changes: [(tSeconds: Double, level: Bool)] = []) {
        self.initialLevel = initialLevel
        self.changes = changes.sorted { $0.tSeconds < $1.tSeconds }
    }

    /// Appends a level change (must be later than the existing ones).
    public func add(level: Bool, atSeconds tSeconds: Double) {
        precondition(changes.last.map { tSeconds > $0.tSeconds } ?? true, "waveform changes must be in time order")
        changes.append((tSeconds, level))
    }

    /// A mechanical push-button closing to ground (active low with a pull-up): at `pressSeconds` the contact
    /// bounces `bounces` times, `bounceIntervalSeconds` apart, before staying closed; the same on release.
    public func addBouncyPress(pressSeconds: Double, releaseSeconds: Double, bounces: Int,
                               bounceIntervalSeconds: Double, activeLow: Bool = true) {
        let pressed = !activeLow
        func chatter(from t0: Double, to final: Bool) {
            // Alternating levels ending on `final`: final, !final, final, ... (2·bounces + 1 changes).
            for i in 0...(2 * bounces) {
                add(level: i % 2 == 0 ? final : !final, atSeconds: t0 + Double(i) * bounceIntervalSeconds)
            }
        }
        chatter(from: pressSeconds, to: pressed)
        chatter(from: releaseSeconds, to: !pressed)
    }

    public func level(atSeconds tSeconds: Double) -> Bool {
        var level = initialLevel
        for change in changes {
            if change.tSeconds > tSeconds { break }
            level = change.level
        }
        return level
    }

    public func transitions(afterSeconds fromSeconds: Double, throughSeconds: Double) -> [(tSeconds: Double, level: Bool)] {
        changes.filter { $0.tSeconds > fromSeconds && $0.tSeconds <= throughSeconds }
    }

    public func nextTransition(afterSeconds tSeconds: Double) -> Double? {
        changes.first { $0.tSeconds > tSeconds }?.tSeconds
    }
}
