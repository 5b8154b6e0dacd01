import Foundation

/// The IMU rate an I2C bus clock leaves room for, before any sensor is opened (doctor's estimate; the clock itself
/// is read by SensorIO's `I2CBusClock`, and `live` plans the real rate with `BusBudget` on the chip it finds).
enum BusClock {
    /// Draining the MPU-6050 FIFO costs about 125 bits of bus time per sample (12 data bytes × 9 bits plus the
    /// per-batch status and count reads; issue 10's estimate), and only about 70 % of the SCL rate is usable
    /// (start/stop, clock stretching, the force sensor's own transfers). The highest MPU output rate
    /// (1 kHz / (1 + SMPLRT_DIV)) that fits.
    static func imuRateHz(busHz: Int) -> Int {
        let budget = 0.7 * Double(busHz) / 125
        return [1000, 500, 333, 250, 200, 100].first { Double($0) <= budget } ?? 100
    }
}
