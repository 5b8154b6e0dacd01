import Foundation
import RollCore
import Testing
import RollAnalysis
import RollSummary
import RollTrace
@testable import RollSim

/// Numerical checks of the simulator's physics and of its ground truth (RollSim).
@Suite("Simulator physics")
struct SimulatorPhysicsTests {
    /// A short session of a preset.
    static func scenario(_ preset: SimulationPreset, seed: UInt64 = 7, segments: Int = 1,
                         seconds: ClosedRange<Double>? = 40...60, rateHz: Double? = nil) -> SimulationScenario {
        var s = SimulationScenario(preset: preset, seed: seed)
        s.segmentCount = segments
        if let seconds { s.secondsPerFoot = seconds }
        if let rateHz { s.imuRateHz = rateHz }
        return s
    }

    /// Runs a simulator to the end, handing each sample and its true state to `body`.
    static func run(_ scenario: SimulationScenario, _ body: (Sample, SimulatedState) -> Void = { _, _ in })
        -> (summary: SessionSummary, sim: Simulator) {
        var sim = Simulator(scenario: scenario)
        while let s = sim.next() { body(s, sim.lastState!) }
        return (sim.truth(), sim)
    }

    static func angle(_ a: Quaternion, _ b: Quaternion) -> Double {
        let d = (a.conjugate * b).normalized
        return 2 * acos(min(1, abs(d.w)))
    }

    /// The truth states, per segment, how far the part's gyro sensitivity alone scales the rolled length: exactly 1
    /// for a perfect part; for an MPU-6050 within its datasheet's scale tolerance plus cross-axis terms (the
    /// factor is a weighted mean of the rates' scaling about the axes rolled on, so it cannot exceed the worst axis).
    @Test(arguments: [ImuChoice.clean, .mpu6050])
    func theTruthStatesThePartsSensitivityPerSegment(_ imu: ImuChoice) {
        for seed: UInt64 in [3, 14] {
            var sc = Self.scenario(.clean, seed: seed, segments: 2)
            sc.imuChoice = imu
            let truth = Self.run(sc).summary
            let factors = truth.warnings.compactMap { w -> (Int, Double)? in
                if case let .simulatedGyroSensitivity(segment, f) = w { return (segment, f) } else { return nil }
            }
            #expect(factors.map(\.0) == Array(1...truth.segments.count), "seed \(seed): \(truth.warnings)")
            let spec = imu == .clean ? ImuSpec.clean : ImuSpec.mpu6050()
            let bound = spec.gyroScaleTolerance + 2 * spec.gyroCrossAxisTolerance
            for (segment, f) in factors {
                if imu == .clean { #expect(abs(f - 1) < 1e-12, "segment \(segment): \(f)") }
                else { #expect(abs(f - 1) <= bound && f != 1, "seed \(seed) segment \(segment): \(f) beyond ±\(bound)") }
            }
        }
    }

    @Test(arguments: [SimulationPreset.clean, .rollerCalf])
    func rollingWithoutSlipKeepsTheContactPointAtRest(_ preset: SimulationPreset) {
        var sc = Self.scenario(preset, rateHz: 1000)
        sc.imuChoice = .clean
        sc.dropChance = 0; sc.dropoutsPerMinute = 0   // consecutive rows 1 ms apart for the central difference
        let r = sc.radiusMM / 1000
        var states: [SimulatedState] = []
        var worstAnalytic = 0.0, worstRelative = 0.0, checked = 0, fastest = 0.0
        _ = Self.run(sc) { _, st in
            states.append(st)
            if states.count > 3 { states.removeFirst() }
            guard states.count == 3 else { return }
            let (a, b, c) = (states[0], states[1], states[2])
            guard a.onFloor, b.onFloor, c.onFloor, b.velocityMS.norm > 0.05 else { return }
            // Analytic: v + ω × (−r ẑ) = 0.
            worstAnalytic = max(worstAnalytic, (b.velocityMS + b.omegaRadS.cross(Vector3(0, 0, -r))).norm)
            // From the integrated orientation: the material point under the ball at b, followed over ±1 ms,
            // must not move (a sliding ball would move it at the slip speed).
            let body = b.orientation.inverseRotate(Vector3(0, 0, -r))
            let pa = a.positionM + a.orientation.rotate(body), pc = c.positionM + c.orientation.rotate(body)
            let v = (pc - pa) / (c.simTimeS - a.simTimeS)
            worstRelative = max(worstRelative, v.norm / b.velocityMS.norm)
            fastest = max(fastest, b.velocityMS.norm)
            checked += 1
        }
        print("\(preset) rolling constraint: \(checked) rows, fastest \(fastest) m/s, analytic residual \(worstAnalytic) m/s, "
              + "material-point speed ≤ \(worstRelative) × centre speed")
        #expect(checked > 5000)
        #expect(fastest > 0.2)
        #expect(worstAnalytic < 1e-12)
        #expect(worstRelative < 2e-3)
    }

    @Test func rollerTurnsOnlyAboutItsOwnAxis() {
        var sc = Self.scenario(.rollerCalf, segments: 3, seconds: 30...40)
        sc.imuChoice = .clean
        var axis: Vector3?
        var worst = 0.0, checked = 0
        _ = Self.run(sc) { s, st in
            guard st.onFloor, s.gyroRadS.norm > 0.5 else { return }
            // The sensor-frame rotation axis is the roller's axis, fixed in the body, on every segment (the roller is
            // turned to a new heading between them, which must not change it).
            let a = s.gyroRadS.normalized
            if let axis { worst = max(worst, 1 - abs(a.dot(axis))) } else { axis = a }
            // And |ω| = |v|/r.
            #expect(abs(s.gyroRadS.norm - st.velocityMS.norm / (sc.radiusMM / 1000)) < 1e-9)
            checked += 1
        }
        #expect(checked > 1000)
        #expect(worst < 1e-9)
    }

    @Test func integratingTheGyroReproducesTheOrientation() {
        let sc = Self.scenario(.clean, segments: 2, seconds: 30...40, rateHz: 1000)
        var q: Quaternion?
        var prevGyro = Vector3.zero, prevT = 0.0, maxRate = 0.0, worst = 0.0
        _ = Self.run(sc) { s, st in
            guard let cur = q else { q = st.orientation; prevGyro = s.gyroRadS; prevT = st.simTimeS; return }
            // Body-frame rates compose on the right; trapezoidal average of consecutive readings.
            let next = (cur * Quaternion(rotationVector: (prevGyro + s.gyroRadS) * ((st.simTimeS - prevT) / 2)))
            q = next.normalized
            prevGyro = s.gyroRadS; prevT = st.simTimeS
            maxRate = max(maxRate, s.gyroRadS.norm)
            worst = max(worst, Self.angle(q!, st.orientation))
        }
        print("gyro re-integration: worst orientation error \(worst * 180 / .pi)°, max rate \(maxRate) rad/s")
        #expect(maxRate > 10)   // the session includes a fast spin between the feet
        #expect(worst < 0.2 * .pi / 180)
    }

    @Test func accelerometerAtRestReadsGravityUp() {
        for preset in [SimulationPreset.clean, .offCentre] {
            var sc = Self.scenario(preset)
            sc.imuChoice = .clean
            var first: (Sample, SimulatedState)?
            var s2 = Simulator(scenario: sc)
            if let s = s2.next() { first = (s, s2.lastState!) }
            let (sample, st) = first!
            #expect(st.velocityMS.norm == 0 && st.omegaRadS.norm == 0)
            #expect(abs(sample.accelMS2.norm - standardGravityMS2) < 1e-9)
            let up = st.orientation.rotate(sample.accelMS2)
            #expect(abs(up.z - standardGravityMS2) < 1e-9)
            #expect(abs(up.x) < 1e-9 && abs(up.y) < 1e-9)
        }
    }

    @Test func offCentreImuOnASteadySpinReadsTheCentripetalTerm() {
        var sc = SimulationScenario(preset: .clean, seed: 11)
        sc.imuOffsetMM = 20
        sc.imuRateHz = 1000
        let axis = Vector3(0.3, -0.5, 0.8).normalized
        let rate = 25.0
        sc.script = [.still(seconds: 0.5), .spin(axis: axis, rateRadS: rate, seconds: 3, rampS: 0.5), .still(seconds: 0.5)]
        var checked = 0, worst = 0.0
        var rho = Vector3.zero
        _ = Self.run(sc) { s, st in
            rho = st.imuOffsetSensorM
            guard st.simTimeS > 1.1, st.simTimeS < 2.9 else { return }
            // Only sensor-frame quantities: ω from the gyro, ρ the known mounting offset.
            let w = s.gyroRadS
            let centripetal = w.cross(w.cross(rho))
            let rhoPerp = (rho - w.normalized * rho.dot(w.normalized)).norm
            #expect(abs(w.norm - rate) < 1e-9)
            #expect(abs(centripetal.norm - rate * rate * rhoPerp) < 1e-9)
            // What is left is gravity: |g|, at the fixed angle between the spin axis and the vertical.
            let rest = s.accelMS2 - centripetal
            worst = max(worst, abs(rest.norm - standardGravityMS2))
            worst = max(worst, abs(rest.dot(w.normalized) - standardGravityMS2 * axis.z))
            checked += 1
        }
        #expect(checked > 1500)
        #expect(worst < 1e-9)
        #expect(rate * rate * 0.02 > 10)   // the centripetal term is large (12.5 m/s² at most), not negligible
    }

    @Test func specificForceIsTheSecondDerivativeOfTheImuPositionMinusGravity() {
        // Independent of the formula a_P = a_c + α×ρ + ω×(ω×ρ): differentiate the IMU's world position, built from
        // the centre path and the integrated orientation, twice by central differences.
        var sc = Self.scenario(.offCentre, segments: 2, seconds: 20...30, rateHz: 1000)
        sc.imuChoice = .clean
        sc.dropChance = 0; sc.dropoutsPerMinute = 0; sc.timestampJitterS = 0
        var states: [(Sample, SimulatedState)] = []
        var worst = 0.0, largest = 0.0, checked = 0
        _ = Self.run(sc) { s, st in
            states.append((s, st))
            if states.count > 3 { states.removeFirst() }
            guard states.count == 3 else { return }
            let (a, b, c) = (states[0].1, states[1].1, states[2].1)
            func imu(_ x: SimulatedState) -> Vector3 { x.positionM + x.orientation.rotate(x.imuOffsetSensorM) }
            let dt = b.simTimeS - a.simTimeS
            let acc = (imu(a) - imu(b) * 2 + imu(c)) / (dt * dt)
            let measured = b.orientation.rotate(states[1].0.accelMS2) - Vector3(0, 0, standardGravityMS2)
            worst = max(worst, (acc - measured).norm)
            largest = max(largest, acc.norm)
            checked += 1
        }
        print("specific force vs d²p/dt²: worst difference \(worst) m/s², largest acceleration \(largest) m/s²")
        #expect(checked > 50_000)
        #expect(largest > 10)        // the spins between feet put ≥ 1 g of centripetal load on the 25 mm offset
        // Truncation of the second difference is dt²/12·|p⁗| ≈ 1e-6/12 · ω⁴|ρ| ≈ 0.01 m/s² at 45 rad/s; a missing
        // Euler (α×ρ) or centripetal term would be off by metres per second squared.
        #expect(worst < 0.05)
    }

    /// The MPU-6050's codes are its datasheet sensitivity (§6.1: 16.4 LSB/(°/s) at ±2000 °/s, not 32768/2000).
    @Test func quantisationStepIsTheDatasheetSensitivity() {
        let sc = Self.scenario(.cheapNoisy, seconds: 20...25)
        let gyroLsb = Double.pi / 180 / 16.4
        let accelLsb = 16 * standardGravityMS2 / 32768
        var worstGyro = 0.0, worstAccel = 0.0
        var gyroValues = Set<Int64>()
        var n = 0
        _ = Self.run(sc) { s, _ in
            for v in [s.gyroRadS.x, s.gyroRadS.y, s.gyroRadS.z] {
                let c = v / gyroLsb
                worstGyro = max(worstGyro, abs(c - c.rounded()))
                if n < 400 { gyroValues.insert(Int64(c.rounded())) }
            }
            for v in [s.accelMS2.x, s.accelMS2.y, s.accelMS2.z] {
                let c = v / accelLsb
                worstAccel = max(worstAccel, abs(c - c.rounded()))
            }
            n += 1
        }
        #expect(worstGyro < 1e-6)
        #expect(worstAccel < 1e-6)
        // At rest the noise (σ ≈ 0.05 °/s at 200 Hz, under one 0.061 °/s step) toggles between neighbouring codes.
        let sorted = gyroValues.sorted()
        #expect(zip(sorted, sorted.dropFirst()).contains { $1 - $0 == 1 })
        // And the quantiser itself, from the MPU-6050 spec at ±250 °/s.
        let lsb250 = ImuSpec.mpu6050(gyroFullScaleDPS: 250).gyroLsbDPS!
        #expect(lsb250 == 1 / 131.0)
        #expect(ImuErrorState.quantise(1.4 * lsb250, lsb: lsb250).0 == lsb250)
        #expect(ImuErrorState.quantise(-2.6 * lsb250, lsb: lsb250).0 == -3 * lsb250)
    }

    @Test func saturationClipsAtFullScale() {
        let sc = Self.scenario(.saturation, seconds: 30...40)
        let fs = 500 * Double.pi / 180
        let lsb = Double.pi / 180 / 65.5   // MPU-6050 §6.1 at ±500 °/s: the rail is 32767 / 65.5 = 500.26 °/s
        var maxOut = -Double.infinity, minOut = Double.infinity, clippedRows = 0, overRange = 0
        var accelMax = 0.0
        _ = Self.run(sc) { s, st in
            for v in [s.gyroRadS.x, s.gyroRadS.y, s.gyroRadS.z] { maxOut = max(maxOut, v); minOut = min(minOut, v) }
            accelMax = max(accelMax, max(abs(s.accelMS2.x), abs(s.accelMS2.y), abs(s.accelMS2.z)))
            let t = st.trueGyroRadS
            if max(abs(t.x), abs(t.y), abs(t.z)) > fs * 1.05 {
                overRange += 1
                // The true rate is beyond the range; the reading must sit on the rail on that axis.
                for (truth, out) in [(t.x, s.gyroRadS.x), (t.y, s.gyroRadS.y), (t.z, s.gyroRadS.z)] where abs(truth) > fs * 1.05 {
                    #expect(abs(out - (truth > 0 ? 32767 * lsb : -32768 * lsb)) < 1e-12)
                }
            }
            if st.gyroClipped { clippedRows += 1 }
        }
        #expect(overRange > 50)
        #expect(clippedRows >= overRange)
        #expect(abs(maxOut - 32767 * lsb) < 1e-12)
        #expect(abs(minOut + 32768 * lsb) < 1e-12)
        #expect(accelMax <= 2 * standardGravityMS2 + 1e-9)
    }

    @Test(arguments: [SimulationPreset.clean, .rollerCalf, .offCentre])
    func truthDistanceIsRadiusTimesIntegratedHorizontalRate(_ preset: SimulationPreset) {
        let sc = Self.scenario(preset, segments: 2, seconds: 40...60)
        let r = sc.radiusMM / 1000
        var integral = 0.0
        var prev: SimulatedState?
        let (truth, _) = Self.run(sc) { _, st in
            defer { prev = st }
            guard let p = prev, p.trueForceN >= 10, st.trueForceN >= 10 else { return }
            let h0 = Vector3(p.omegaRadS.x, p.omegaRadS.y, 0).norm, h1 = Vector3(st.omegaRadS.x, st.omegaRadS.y, 0).norm
            integral += r * (h0 + h1) / 2 * (st.simTimeS - p.simTimeS)
        }
        let distance = truth.segments.reduce(0) { $0 + $1.distanceM }
        print("\(preset): truth distance \(distance) m, r∫|ω_h|dt \(integral) m")
        #expect(distance > 5)
        #expect(abs(distance - integral) < 0.002 * distance)
    }

    @Test(arguments: [SimulationPreset.clean, .cheapNoisy, .noForce, .footMarkers, .rollerCalf, .shortStrokesOnly,
                      .manySevere, .rate100Hz])
    func truthMatchesThePlan(_ preset: SimulationPreset) {
        var sc = SimulationScenario(preset: preset, seed: 3)
        if preset != .footMarkers { sc.segmentCount = 2 }
        if preset != .manySevere { sc.secondsPerFoot = 70...100 }
        sc.tenderHoldsPerSegment = preset == .noForce ? 0...0 : 1...1
        if preset != .noForce { sc.burstsPerSegment = 1...3 }
        let (truth, sim) = Self.run(sc)
        let plan = sim.plannedSegments
        #expect(truth.segments.count == plan.count)
        #expect(truth.warnings.filter { if case .truthNearCut = $0 { true } else { false } }.isEmpty, "\(truth.warnings)")
        for (seg, p) in zip(truth.segments, plan) {
            #expect(seg.foot == p.foot.rawValue)
            #expect(seg.strokes == p.strokes)
            #expect(seg.fullLengthStrokes == p.fullLengthStrokes)
            let sorted = p.strokeLengthsM.sorted()
            let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2]
                : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            #expect(abs(seg.medianStrokeM - median) < 0.001)
            #expect(seg.bursts == p.bursts)
            #expect(seg.severeEvents == p.severeEvents)
            #expect(seg.tenderHolds == p.tenderHolds)
            #expect(abs(seg.activeS - p.targetActiveS) < 6)
            #expect((seg.peakForceN == nil) == (sc.forceSensor == .none))
        }
        let alerts = truth.alerts
        #expect(alerts.filter { $0.kind == .burst }.count == plan.reduce(0) { $0 + $1.bursts })
        #expect(alerts.filter { $0.kind == .severePressure }.count == plan.reduce(0) { $0 + $1.severeEvents })
        #expect(alerts.filter { $0.kind == .holdComplete }.count == plan.reduce(0) { $0 + $1.completedHolds })
        if preset == .manySevere { #expect(plan.reduce(0) { $0 + $1.mergedSeverePairs } > 0) }
        if preset == .shortStrokesOnly { #expect(truth.segments.allSatisfy { $0.fullLengthStrokes == 0 }) }
        print("\(preset): " + truth.segments.map {
            "\($0.foot) \(String(format: "%.1f", $0.activeS))s \($0.strokes) strokes (\($0.fullLengthStrokes) full) "
            + "\(String(format: "%.2f", $0.distanceM)) m bursts \($0.bursts) severe \($0.severeEvents) holds \($0.tenderHolds)"
        }.joined(separator: "; "))
    }

    @Test func sameSeedGivesIdenticalBytes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollsim-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var sc = Self.scenario(.cheapNoisy, seed: 42, segments: 2, seconds: 20...30)
        sc.footMarkers = true
        func write(_ name: String, _ s: SimulationScenario) throws -> (Data, Data) {
            let trace = dir.appendingPathComponent(name + ".csv").path, truth = dir.appendingPathComponent(name + ".json").path
            try writeSimulation(scenario: s, tracePath: trace, truthPath: truth)
            return (try Data(contentsOf: URL(fileURLWithPath: trace)), try Data(contentsOf: URL(fileURLWithPath: truth)))
        }
        let a = try write("a", sc), b = try write("b", sc)
        sc.seed = 43
        let c = try write("c", sc)
        #expect(a.0.count > 100_000)
        #expect(a.0 == b.0)
        #expect(a.1 == b.1)
        #expect(a.0 != c.0)
        #expect(a.1 != c.1)
        let head = String(decoding: a.0.prefix(400), as: UTF8.self)
        #expect(head.hasPrefix("# rollmon-trace 1\n"))
        #expect(head.contains("t,ax,ay,az,gx,gy,gz,force,foot\n"))
        let json = try SummaryJSON.decode(a.1)
        #expect(json.segments.count == 2)
    }

    @Test func truthFileWritesNullPeakForceWithoutASensor() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollsim-null-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sc = Self.scenario(.noForce, seconds: 20...30)
        let trace = dir.appendingPathComponent("t.csv").path, truthPath = dir.appendingPathComponent("t.json").path
        let truth = try writeSimulation(scenario: sc, tracePath: trace, truthPath: truthPath)
        let text = try String(contentsOfFile: truthPath, encoding: .utf8)
        #expect(text.contains("\"peak_force_n\" : null"))
        #expect(try SummaryJSON.decode(Data(text.utf8)) == SummaryRecord(truth, voice: .truth))
        let header = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").first { !$0.hasPrefix("#") }
        #expect(header == "t,ax,ay,az,gx,gy,gz")
    }
}
