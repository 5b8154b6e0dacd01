import Foundation

/// The I2C adapter's SCL frequency and the IMU rate it leaves room for.
///
/// Stand-in until the bus-budget code (issue 10 item 1) lands: one function reading the device tree, one rule of
/// thumb. Linux exposes the clock the firmware configured as the adapter's device-tree property `clock-frequency`
/// (a big-endian u32, devicetree specification §2.3.1 "cells are big-endian"); non-DT adapters (x86, i2c-stub) have
/// none.
enum BusClock {
    static func readHz(busNumber: Int, sysDirectory: String = "/sys") -> Int? {
        let path = "\(sysDirectory)/class/i2c-adapter/i2c-\(busNumber)/of_node/clock-frequency"
        guard let data = FileManager.default.contents(atPath: path), data.count == 4 else { return nil }
        return data.reduce(0) { $0 << 8 | Int($1) }
    }

    /// Draining the MPU-6050 FIFO costs about 125 bits of bus time per sample (12 data bytes × 9 bits plus the
    /// per-batch status and count reads; issue 10's estimate), and only about 70 % of the SCL rate is usable
    /// (start/stop, clock stretching, the force sensor's own transfers). The highest MPU output rate
    /// (1 kHz / (1 + SMPLRT_DIV)) that fits.
    static func imuRateHz(busHz: Int) -> Int {
        let budget = 0.7 * Double(busHz) / 125
        return [1000, 500, 333, 250, 200, 100].first { Double($0) <= budget } ?? 100
    }

    /// The Raspberry Pi's fast-mode setting (config.txt `dtparam=i2c_arm_baudrate`, Raspberry Pi documentation,
    /// "config.txt: dtparam").
    static let fastModeHz = 400_000
}
