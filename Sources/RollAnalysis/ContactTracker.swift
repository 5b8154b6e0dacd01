/// Is the foot on the ball? (interface §2 "contact")
///
/// With a force sensor: force (the last reading held) at or above the contact threshold.
/// Without one: the ball is rolling, with gaps in rolling shorter than `bridgeS` bridged. Whether a still spell is
/// such a gap is only known when rolling resumes (or does not, by `bridgeS`), so still samples after rolling are
/// *pending*: the caller keeps what they would add aside and commits or drops it when told.
public struct ContactTracker: Sendable {
    public enum State: Sendable, Equatable {
        case none
        case contact
        /// Without force: still since `lastRollingS`; becomes contact if rolling resumes within the bridge.
        case pending
    }
    /// What changed on this sample about earlier pending samples.
    public enum Resolution: Sendable, Equatable {
        case nothing
        /// Rolling resumed in time: the pending spell was contact after all.
        case commitPending
        /// The bridge ran out: contact ended at `lastRollingS`; drop what was pending.
        case dropPending
    }

    public let usesForce: Bool
    public let contactForceN: Double
    public let rollingSpeedMS: Double
    public let bridgeS: Double
    public private(set) var state: State = .none
    public private(set) var lastRollingS = -Double.infinity

    public init(usesForce: Bool, contactForceN: Double, rollingSpeedMS: Double, bridgeS: Double) {
        self.usesForce = usesForce; self.contactForceN = contactForceN
        self.rollingSpeedMS = rollingSpeedMS; self.bridgeS = bridgeS
    }

    /// One sample. `forceN`: the force in effect (a fresh or held reading), or nil when there are no force data now
    /// (no sensor, or its data ended): then the kinematic rule decides. The rule can change from one sample to the
    /// next (a force sensor that drops out mid-session and comes back); rolling is tracked under both so the switch
    /// is seamless, and a pending spell open when force data return is settled by the force.
    /// Always inlined: it runs on every row (the analyzer's only caller).
    @inline(__always)
    public mutating func update(tS: Double, forceN: Double?, speedMS: Double) -> Resolution {
        let rolling = speedMS >= rollingSpeedMS
        if let forceN {
            let pressed = forceN >= contactForceN
            let resolution: Resolution = state == .pending ? (pressed ? .commitPending : .dropPending) : .nothing
            state = pressed ? .contact : .none
            if rolling { lastRollingS = tS }
            return resolution
        }
        if rolling {
            let resolution: Resolution = state == .pending ? .commitPending : .nothing
            state = .contact
            lastRollingS = tS
            return resolution
        }
        switch state {
        case .none:
            return .nothing
        case .contact, .pending:
            if tS - lastRollingS >= bridgeS {
                let hadPending = state == .pending
                state = .none
                return hadPending ? .dropPending : .nothing
            }
            state = .pending
            return .nothing
        }
    }
}
