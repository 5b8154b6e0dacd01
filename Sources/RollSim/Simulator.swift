import Foundation
import RollAnalysis
import RollCore
import RollTrace

/// The true (noise-free) physical state behind the last emitted sample, for tests and diagnostics.
public struct SimulatedState: Sendable {
    /// Physics time since the start of the simulation (the trace's `t` adds an origin and read latency).
    public var simTimeS: Double
    /// The row's trace time.
    public var tSeconds: Double
    public var positionM: Vector3
    public var velocityMS: Vector3
    public var accelerationMS2: Vector3
    /// World-frame angular velocity and acceleration of the tool.
    public var omegaRadS: Vector3
    public var alphaRadS2: Vector3
    /// Sensor → world rotation (integrated from the angular velocity).
    public var orientation: Quaternion
    /// The IMU's offset from the tool's centre, in the sensor frame.
    public var imuOffsetSensorM: Vector3
    public var onFloor: Bool
    public var trueForceN: Double
    /// The applied force at the instant of the latest force reading; nil before the first one.
    public var heldSampledForceN: Double?
    /// Noise-free sensor-frame angular rate and specific force at the IMU.
    public var trueGyroRadS: Vector3
    public var trueAccelMS2: Vector3
    public var gyroClipped: Bool
    public var accelClipped: Bool
    /// Position along the current segment's foot axis.
    public var alongFootM: Double
}

/// Streams a simulated session sample by sample, with the ground truth computed on the fly.
/// Memory stays bounded: one segment's plan and the truth accumulators, never the samples.
public struct Simulator: IteratorProtocol {
    public let scenario: SimulationScenario
    public let metadata: TraceMetadata
    public let hasForceColumn: Bool
    public let hasFootColumn: Bool
    /// The truth state behind the sample last returned by `next()`.
    public private(set) var lastState: SimulatedState?
    /// What the planner intended, one entry per foot segment planned so far.
    public private(set) var plannedSegments: [PlannedSegment] = []
    /// Rows produced, and rows the simulated I²C link lost.
    public private(set) var rowsEmitted = 0
    public private(set) var rowsDropped = 0
    public private(set) var gyroClippedRows = 0
    public private(set) var accelClippedRows = 0

    private let radiusM: Double
    private let rateHz: Double
    private let stepsPerSample: Int
    private var planner: SessionPlanner
    private var plans: [SegmentPlan] = []
    private var markerQueue: [(t: Double, foot: Foot)] = []
    private var q: Quaternion
    private let imuOffsetS: Vector3
    private var imu: ImuErrorState
    private var forceChain: (any ForceSensorChain)?
    private var timingRng: SeededRandom
    private var k = 0
    private var pathSinceRowM = 0.0
    /// Rolled length from the true rate and from the rate as this gyro's sensitivity alone senses it (interface §2's
    /// r ∫|ω_horizontal| for a ball, r ∫|ω| for a roller), since the previous emitted row.
    private var rolledSinceRowM = (trueM: 0.0, sensedM: 0.0)
    private var nextForceTickS = 0.0
    /// The truth's grid of applied force: every millisecond of simulation time.
    private var forceGridIndex = 0
    private static let forceGridHz = 1000.0
    private var pendingForce: (measured: Double, trueN: Double)?
    private var heldTrueForceN: Double?
    private var pendingMarker: Foot?
    private var dropRun = 0
    private var evaluator: TruthEvaluator
    private var done = false

    public init(scenario: SimulationScenario) {
        self.scenario = scenario
        radiusM = scenario.radiusMM / 1000
        rateHz = scenario.imuRateHz
        // Internal integration at ≥ 2 kHz, with the IMU instants on the fine grid.
        stepsPerSample = max(1, Int((2000 / scenario.imuRateHz).rounded(.up)))
        let root = SeededRandom(seed: scenario.seed)
        planner = SessionPlanner(scenario: scenario, rng: root.derived(1))
        var mount = root.derived(2)
        imuOffsetS = mount.unitVector() * (scenario.imuOffsetMM / 1000)
        if scenario.tool == .ball {
            q = mount.rotation()
        } else {
            // Roller: tool x axis = roller axis (level), any roll about it, any mounting of the chip in the tool.
            let axis = planner.initialRollerAxis
            let yaw = Quaternion(axis: .unitZ, angleRad: atan2(axis.y, axis.x))
            let roll = Quaternion(axis: Vector3(1, 0, 0), angleRad: mount.uniform(0, 2 * .pi))
            q = (yaw * roll * mount.rotation()).normalized
        }
        var imuRng = root.derived(3)
        imu = ImuErrorState(spec: scenario.imuSpec, rateHz: scenario.imuRateHz, rng: &imuRng)
        var forceRng = root.derived(4)
        hasForceColumn = scenario.forceSensor != .none && scenario.script == nil
        if hasForceColumn, let chain = scenario.forceSensor.makeChain(rng: &forceRng) {
            forceChain = chain
            nextForceTickS = chain.firstTickS
        }
        timingRng = root.derived(5)
        hasFootColumn = scenario.footMarkers
        evaluator = TruthEvaluator(hasForce: hasForceColumn, fasciaM: scenario.fasciaCM / 100)
        let spec = scenario.imuSpec
        let imuName = spec.name == "clean" ? "clean"
            : "\(spec.name) ±\(TraceNumber.format(spec.gyroFullScaleDPS))dps ±\(TraceNumber.format(spec.accelFullScaleG))g"
        metadata = TraceMetadata(
            tool: scenario.tool, radiusMM: scenario.radiusMM, fasciaCM: scenario.fasciaCM, imu: imuName,
            forceSensor: scenario.forceSensor.metadataName, rateHz: scenario.imuRateHz,
            source: scenario.source ?? "rollmon simulate --preset \(scenario.name) --seed \(scenario.seed)",
            extra: Simulator.extraMetadata(scenario: scenario, spec: spec))
    }

    /// Ranges the analysis can use to recognise saturation (`gyro_range_dps` is read by rollmon replay), plus
    /// simulator knobs for the record.
    private static func extraMetadata(scenario: SimulationScenario, spec: ImuSpec) -> [(key: String, value: String)] {
        var extra: [(key: String, value: String)] = []
        if let sensitivity = spec.gyroSensitivityLSBPerDPS {
            extra.append(("gyro_range_dps", TraceNumber.format(spec.gyroFullScaleDPS)))
            extra.append(("gyro_lsb_per_dps", TraceNumber.format(sensitivity)))
            extra.append(("accel_range_g", TraceNumber.format(spec.accelFullScaleG)))
        }
        extra.append(("sim_imu_offset_mm", TraceNumber.format(scenario.imuOffsetMM)))
        return extra
    }

    // MARK: - Plans

    /// Makes sure the loaded plans reach past t; false when the session has ended before t.
    private mutating func ensurePlans(through t: Double) -> Bool {
        while plans.last.map({ t >= $0.tEnd }) ?? true {
            guard let next = planner.next() else { return false }
            if let p = next.planned { plannedSegments.append(p) }
            markerQueue.append(contentsOf: next.markers)
            plans.append(next)
            if plans.count > 3 { plans.removeFirst() }
        }
        return true
    }

    private func plan(at t: Double) -> SegmentPlan {
        for p in plans.reversed() where t >= p.tStart { return p }
        return plans[0]
    }

    // MARK: - Streaming

    public mutating func next() -> Sample? {
        while !done {
            let tk = Double(k) / rateHz
            guard ensurePlans(through: tk) else { done = true; return nil }
            if k > 0 { integrate(to: tk) }
            q = q.normalized
            let current = plan(at: tk)
            let kin = current.kinematics(at: tk, radiusM: radiusM)

            // IMU physics: a_P = a_c + α×ρ + ω×(ω×ρ); f = Rᵀ(a_P − g), g = (0, 0, −9.80665); gyro = Rᵀω.
            let rhoW = q.rotate(imuOffsetS)
            let aP = kin.accelerationMS2 + kin.alphaRadS2.cross(rhoW) + kin.omegaRadS.cross(kin.omegaRadS.cross(rhoW))
            let fW = aP + Vector3(0, 0, standardGravityMS2)
            let trueAccel = q.inverseRotate(fW)
            let trueGyro = q.inverseRotate(kin.omegaRadS)
            // The chip samples every tick whether or not the Pi manages to read it.
            let reading = imu.read(gyroRadS: trueGyro, accelMS2: trueAccel, tSeconds: tk)

            if var chain = forceChain {
                while nextForceTickS <= tk {
                    let tick = nextForceTickS
                    let measured = chain.read(atS: tick, applied: { appliedForceN(at: $0) })
                    pendingForce = (measured, appliedForceN(at: tick))
                    nextForceTickS = chain.tick(after: tick)
                }
                forceChain = chain
                // The truth's force events on the fine grid up to this instant (trace time without read latency).
                while Double(forceGridIndex) / Self.forceGridHz <= tk {
                    let tg = Double(forceGridIndex) / Self.forceGridHz
                    evaluator.appliedForce(t: scenario.timeOriginS + tg, forceN: appliedForceN(at: tg))
                    forceGridIndex += 1
                }
            }
            while let m = markerQueue.first, m.t <= tk { pendingMarker = m.foot; markerQueue.removeFirst() }

            let index = k
            k += 1
            if index > 0 && dropped() { rowsDropped += 1; continue }

            let latency = min(abs(timingRng.gaussian()) * scenario.timestampJitterS, 0.4 / rateHz)
            let traceT = scenario.timeOriginS + tk + latency
            let sample = Sample(tSeconds: traceT, accelMS2: reading.accel, gyroRadS: reading.gyro,
                                forceN: hasForceColumn ? pendingForce?.measured : nil,
                                foot: hasFootColumn ? pendingMarker : nil)
            let floorSpeed = kin.onFloor ? Vector3(kin.velocityMS.x, kin.velocityMS.y, 0).norm : 0
            if let pf = pendingForce { heldTrueForceN = pf.trueN }
            evaluator.add(TruthEvaluator.Row(
                t: traceT, appliedForceN: current.force.value(at: tk), marker: hasFootColumn ? pendingMarker : nil,
                alongFootM: current.alongFootM(kin.positionM), floorSpeedMS: floorSpeed,
                pathSincePreviousM: pathSinceRowM, rolledSincePreviousM: rolledSinceRowM))
            lastState = SimulatedState(
                simTimeS: tk, tSeconds: traceT, positionM: kin.positionM, velocityMS: kin.velocityMS,
                accelerationMS2: kin.accelerationMS2, omegaRadS: kin.omegaRadS, alphaRadS2: kin.alphaRadS2,
                orientation: q, imuOffsetSensorM: imuOffsetS, onFloor: kin.onFloor,
                trueForceN: current.force.value(at: tk), heldSampledForceN: heldTrueForceN, trueGyroRadS: trueGyro,
                trueAccelMS2: trueAccel, gyroClipped: reading.gyroClipped, accelClipped: reading.accelClipped,
                alongFootM: current.alongFootM(kin.positionM))
            if reading.gyroClipped { gyroClippedRows += 1 }
            if reading.accelClipped { accelClippedRows += 1 }
            pendingForce = nil
            pendingMarker = nil
            pathSinceRowM = 0
            rolledSinceRowM = (0, 0)
            rowsEmitted += 1
            return sample
        }
        return nil
    }

    /// The force the foot applies at simulation time t (N).
    private func appliedForceN(at t: Double) -> Double { plan(at: t).force.value(at: t) }

    /// Advances the orientation from the previous IMU instant to tk on the fine grid: each step applies the exact
    /// rotation exp(ω·h) for the angular velocity at the step's midpoint (world frame, so it multiplies on the left),
    /// and adds the centre's rolled path length.
    private mutating func integrate(to tk: Double) {
        let h = 1 / (rateHz * Double(stepsPerSample))
        let t0 = tk - 1 / rateHz
        for j in 0..<stepsPerSample {
            let tm = t0 + (Double(j) + 0.5) * h
            let kin = plan(at: tm).kinematics(at: tm, radiusM: radiusM)
            q = Quaternion(rotationVector: kin.omegaRadS * h) * q
            if kin.onFloor {
                pathSinceRowM += Vector3(kin.velocityMS.x, kin.velocityMS.y, 0).norm * h
                let sensed = q.rotate(imu.sensitivityOnly(gyroRadS: q.inverseRotate(kin.omegaRadS)))
                rolledSinceRowM.trueM += rolledLength(kin.omegaRadS) * h
                rolledSinceRowM.sensedM += rolledLength(sensed) * h
            }
        }
    }

    /// Rolled length per second at world angular velocity `w`, as interface §2 defines it for the tool.
    private func rolledLength(_ w: Vector3) -> Double {
        radiusM * (scenario.tool == .ball ? (w.x * w.x + w.y * w.y).squareRoot() : w.norm)
    }

    /// Lost rows: independent losses plus occasional dropouts of 5–30 consecutive rows.
    private mutating func dropped() -> Bool {
        if dropRun > 0 { dropRun -= 1; return true }
        if scenario.dropoutsPerMinute > 0 && timingRng.chance(scenario.dropoutsPerMinute / 60 / rateHz) {
            dropRun = timingRng.int(5...30) - 1
            return true
        }
        return scenario.dropChance > 0 && timingRng.chance(scenario.dropChance)
    }

    // MARK: - Truth

    /// The ground truth in the shape of `rollmon replay --json`, from the noise-free signals. Complete once `next()`
    /// has returned nil; before that it covers the rows so far.
    public func truth() -> SessionSummary {
        var e = evaluator
        var summary = e.finish()
        if gyroClippedRows > 0 { summary.warnings.append(.simulatedClipping(.gyro, rows: gyroClippedRows)) }
        if accelClippedRows > 0 { summary.warnings.append(.simulatedClipping(.accelerometer, rows: accelClippedRows)) }
        if rowsDropped > 0 { summary.warnings.append(.simulatedRowsDropped(rows: rowsDropped)) }
        return summary
    }
}
