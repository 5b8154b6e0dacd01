import Foundation
import RollCore
import Testing
@testable import SensorIO
@testable import SensorModels

@Suite struct ForceSensorTests {
    @Test func linearCalibrationTaresAndScales() throws {
        let c = LinearForceCalibration(tareCounts: 0, newtonsPerCount: 1).tared(withUnloadedRaw: [100, 102, 98])
        #expect(c.tareCounts == 100)
        let s = try c.scaled(knownN: 200, rawAtLoad: 900)
        #expect(s.newtonsPerCount == 0.25)
        #expect(s.forceN(fromRaw: 500) == 100)
        #expect(throws: SensorIOError.self) { try c.scaled(knownN: 10, rawAtLoad: 100) }
    }

    @Test func piecewiseCalibrationInterpolatesAndExtends() throws {
        let fsr = try PiecewiseForceCalibration(points: [.init(raw: 1000, forceN: 0), .init(raw: 5000, forceN: 20),
                                                         .init(raw: 12000, forceN: 100), .init(raw: 20000, forceN: 300)])
        #expect(fsr.forceN(fromRaw: 0) == 0)
        #expect(fsr.forceN(fromRaw: 3000) == 10)
        #expect(fsr.forceN(fromRaw: 8500) == 60)
        #expect(fsr.forceN(fromRaw: 24000) == 400)
        #expect(throws: SensorIOError.self) {
            try PiecewiseForceCalibration(points: [.init(raw: 5, forceN: 0), .init(raw: 5, forceN: 1)])
        }
    }

    /// FSR divider on AIN0 at ±4.096 V (125 µV/count): 1.000 V → 8000 counts → 60 N on the curve below.
    @Test func ads1115ReadsFreshConversionsAndScales() throws {
        let rig = ModelRig()
        let model = ADS1115Model { mux, _ in mux == 4 ? 1.0 : 0 }
        rig.bus.attach(model, at: 0x48)
        let curve = try PiecewiseForceCalibration(points: [.init(raw: 0, forceN: 0), .init(raw: 4000, forceN: 20),
                                                           .init(raw: 12000, forceN: 100)])
        let ads = ADS1115ForceSensor(bus: rig.bus, input: .ain0, gain: .fs4_096V, dataRate: .sps860,
                                     calibration: curve, clock: rig.clock)
        try ads.configure()
        // MUX 100, PGA 001, MODE 0 (continuous conversion), DR 111, comparator off → 0x42E3 (SBAS444D config
        // register table); OS reads 0 while the chip converts.
        #expect(ads.configWord == 0x42E3)
        #expect(model.registers[1] == 0x42E3)
        var readings: [ForceReading] = []
        let t0 = rig.clock.nowSeconds()
        while rig.clock.nowSeconds() < t0 + 1 {
            if let r = try ads.poll() { readings.append(r) }
            rig.clock.advance(bySeconds: 0.0002)
        }
        // Continuous conversion, read once per conversion period at the chip's cadence (0.2 ms poll granularity
        // delays single reads, not the ones after): ~860 a second.
        #expect(readings.count > 840 && readings.count <= 861)
        #expect(readings.allSatisfy { abs($0.forceN - 60) < 1e-9 })
    }

    @Test func ads1115DifferentialNegativeIsSignExtended() throws {
        let rig = ModelRig()
        rig.bus.attach(ADS1115Model { mux, _ in mux == 0 ? -0.0125 : 0 }, at: 0x48)   // bridge, AIN0−AIN1
        let ads = ADS1115ForceSensor(bus: rig.bus, input: .ain0MinusAin1, gain: .fs0_256V,
                                     calibration: LinearForceCalibration(tareCounts: 0, newtonsPerCount: 0.01),
                                     clock: rig.clock)
        try ads.configure()
        var r: ForceReading?
        for _ in 0..<100 where r == nil { r = try ads.poll(); rig.clock.advance(bySeconds: 0.001) }
        // −12.5 mV / (0.256 V / 32768) = −1600 counts → −16 N.
        #expect(abs(try #require(r).forceN + 16) < 1e-9)
    }

    @Test func ads1115ResetIsReported() throws {
        let rig = ModelRig()
        let model = ADS1115Model { _, _ in 0.5 }
        rig.bus.attach(model, at: 0x48)
        let ads = ADS1115ForceSensor(bus: rig.bus, input: .ain0, gain: .fs4_096V,
                                     calibration: LinearForceCalibration(tareCounts: 0, newtonsPerCount: 1), clock: rig.clock)
        try ads.configure()
        rig.clock.advance(bySeconds: 0.01)
        _ = try ads.poll()
        model.powerOnReset(atSeconds: rig.clock.nowSeconds())
        // The config register is read back every 0.25 s: the reset (power-on single-shot mode) is noticed then.
        rig.clock.advance(bySeconds: 0.25)
        #expect(throws: SensorIOError.self) { _ = try ads.poll() }
    }

    /// The datasheet's worked example (BST-BMP280-DS001 §3.12): adc_T 519888, adc_P 415148 → 25.08 °C, 100653.27 Pa.
    @Test func bmp280IntegerCompensationMatchesTheDatasheetExample() throws {
        let c = BMP280Model.datasheetTrimming
        let t = c.compensateTemperature(rawT: 519888)
        #expect(t.centiDegC == 2508)
        #expect(t.tFine == 128422)
        let p = try #require(c.compensatePressure(rawP: 415148, tFine: t.tFine))
        // The datasheet quotes 100653.27 Pa (2 decimals, from its floating-point variant); the 64-bit integer formula
        // resolves 1/256 Pa and lands within a few of those steps.
        #expect(abs(Double(p) / 256 - 100653.27) < 0.02)
    }

    /// A sealed ball: 101325 Pa unloaded, +1 Pa per 0.05 N. Auto-tare, then a quick squeeze whose load alone raises the
    /// pressure 400 Pa reads 20 N from the first reading on, although the air's heat first adds (γ − 1) = 40 % to the
    /// rise and relaxes with the nominal 1.5 s (`SealedAirHeatCompensator`).
    @Test func bmp280PressureRiseBecomesForce() throws {
        let rig = ModelRig()
        let squeezeAt = rig.clock.nowSeconds() + 1
        let gamma = SealedAirHeatCompensator.heatCapacityRatio, tauS = SealedAirHeatCompensator.nominalRelaxationS
        let model = BMP280Model(temperatureC: 23.5) { t in
            t < squeezeAt ? 101_325 : 101_325 + 400 * (1 + (gamma - 1) * exp(-(t - squeezeAt) / tauS))
        }
        rig.bus.attach(model, at: 0x76)
        let baro = BMP280ForceSensor(bus: rig.bus, newtonsPerPa: 0.05, clock: rig.clock)
        try baro.configure()
        #expect(model.registers[0xF5] == 0x00)
        var readings: [ForceReading] = []
        while rig.clock.nowSeconds() < squeezeAt + 1 {
            if let r = try baro.poll() { readings.append(r) }
            rig.clock.advance(bySeconds: 0.001)
        }
        #expect(abs(try #require(baro.calibration).tareCounts - 101_325) < 0.5)
        #expect(abs(try #require(baro.lastTemperatureC) - 23.5) < 0.011)
        let before = readings.filter { $0.tSeconds < squeezeAt - 0.05 }, after = readings.filter { $0.tSeconds > squeezeAt + 0.05 }
        #expect(before.allSatisfy { abs($0.forceN) < 0.05 })
        #expect(after.allSatisfy { abs($0.forceN - 20) < 0.05 })
        // Without the heat taken out the first readings after the squeeze would be 28 N.
        #expect(try #require(baro.lastPressurePa) - 101_325 > 400 * (1 + (gamma - 1) * 0.4))
        // ~8 ms per forced measurement plus polling granularity → roughly 100 readings per second.
        #expect(after.count > 80)
    }

    @Test func bmp280ResetIsReported() throws {
        let rig = ModelRig()
        let model = BMP280Model()
        rig.bus.attach(model, at: 0x77)
        let baro = BMP280ForceSensor(bus: rig.bus, address: 0x77, newtonsPerPa: 0.05, tarePa: 101_325, clock: rig.clock)
        try baro.configure()
        rig.clock.advance(bySeconds: 0.02)
        #expect(try baro.poll() != nil)
        try rig.bus.writeByteData(address: 0x77, register: 0xE0, value: 0xB6)   // soft reset
        rig.clock.advance(bySeconds: 0.02)
        #expect(throws: SensorIOError.self) { _ = try baro.poll() }
    }
}
