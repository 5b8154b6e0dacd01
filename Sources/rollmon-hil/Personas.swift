import RollCore

/// The raw register contents scripts/hil/personas.sh writes into i2c-stub (keep the two in step), and the SI values
/// they must decode to, computed here from the datasheets' sensitivities, not from SensorIO's tables.
enum Persona {
    // MARK: MPU-6050 (RM-MPU-6000A-00 rev 4.2; sensitivities PS-MPU-6000A-00 rev 3.4 §6.1 gyro, §6.2 accel)

    /// ACCEL_XOUT..ACCEL_ZOUT and GYRO_XOUT..GYRO_ZOUT counts at 0x3B.. (temperature 0 in between).
    static let mpuAccelCounts: [Double] = [4096, -2048, 8192]
    static let mpuGyroCounts: [Double] = [164, -328, 1640]
    /// The one FIFO frame (registers 0x74..0x7F, see personas.sh): accel x is 0x10:0x68 (0x75 = WHO_AM_I) = 4200.
    static let mpuFIFOAccelCounts: [Double] = [4200, -2048, 8192]
    static let mpuFIFOGyroCounts: [Double] = [164, -328, 1640]
    /// AFS_SEL = 2 (±8 g): 4096 LSB/g (PS-MPU-6000A-00 §6.2 "Sensitivity Scale Factor").
    static let mpuLSBPerG8 = 4096.0
    /// FS_SEL = 3 (±2000 °/s): 16.4 LSB/(°/s) (PS-MPU-6000A-00 §6.1 "Sensitivity Scale Factor").
    static let mpuLSBPerDPS2000 = 16.4

    // MARK: LSM6DS3 (DocID026899 rev 10, table 3 "Mechanical characteristics")

    /// OUTX_G..OUTZ_G then OUTX_XL..OUTZ_XL counts at 0x22.. (little-endian).
    static let lsmGyroCounts: [Double] = [1000, -500, 2000]
    static let lsmAccelCounts: [Double] = [-4096, 8192, 16384]
    /// The FIFO pattern at FIFO_DATA_OUT (registers 0x3E..0x49, see personas.sh): gyro then accel data set.
    static let lsmFIFOGyroCounts: [Double] = [1500, -250, 3000]
    static let lsmFIFOAccelCounts: [Double] = [-2048, 4096, 12000]
    /// FS_XL = ±8 g: 0.244 mg/LSB.
    static let lsmMilliGPerLSB8 = 0.244
    /// FS_G = ±2000 °/s: 70 mdps/LSB.
    static let lsmMilliDPSPerLSB2000 = 70.0

    // MARK: BMP280 (BST-BMP280-DS001 rev 1.26)

    /// dig_T1..dig_P9 as written to 0x88..0x9F.
    static let bmpTrimming: [Double] = [27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000]
    static let bmpRawTemperature = 519888.0
    static let bmpRawPressure = 415148.0
    /// A squeezed ball: the raw pressure the end-to-end check switches to (lower adc_P = higher pressure), written
    /// to 0xF7..0xF9 left-aligned: 300000 << 4 = 0x493E00.
    static let bmpSqueezedRawPressure = 300000.0
    static let bmpSqueezedBytes = "0x49 0x3e 0x00"
    static let bmpRestingBytes = "0x65 0x5a 0xc0"

    static func mpuAccelMS2(_ counts: [Double]) -> [Double] { counts.map { $0 / mpuLSBPerG8 * standardGravityMS2 } }
    static func mpuGyroRadS(_ counts: [Double]) -> [Double] { counts.map { $0 / mpuLSBPerDPS2000 * radiansPerDegree } }
    static func lsmAccelMS2(_ counts: [Double]) -> [Double] { counts.map { $0 * lsmMilliGPerLSB8 * 1e-3 * standardGravityMS2 } }
    static func lsmGyroRadS(_ counts: [Double]) -> [Double] {
        counts.map { $0 * lsmMilliDPSPerLSB2000 * 1e-3 * radiansPerDegree }
    }

    /// Temperature (°C) and pressure (Pa) by the datasheet's double-precision compensation (§8.1), written from the
    /// formulas there. The driver uses the integer version (§3.11.3); the two agree to within about 1 Pa / 0.01 °C.
    static func bmpCompensated(rawPressure adcP: Double = bmpRawPressure) -> (temperatureC: Double, pressurePa: Double) {
        let t = bmpTrimming
        let (t1, t2, t3) = (t[0], t[1], t[2])
        let (p1, p2, p3, p4, p5, p6, p7, p8, p9) = (t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11])
        let adcT = bmpRawTemperature
        var v1 = (adcT / 16384 - t1 / 1024) * t2
        var v2 = (adcT / 131072 - t1 / 8192) * (adcT / 131072 - t1 / 8192) * t3
        let tFine = (v1 + v2).rounded(.towardZero)   // the datasheet stores t_fine in a 32-bit integer
        let temperature = (v1 + v2) / 5120
        v1 = tFine / 2 - 64000
        v2 = v1 * v1 * p6 / 32768
        v2 = v2 + v1 * p5 * 2
        v2 = v2 / 4 + p4 * 65536
        v1 = (p3 * v1 * v1 / 524288 + p2 * v1) / 524288
        v1 = (1 + v1 / 32768) * p1
        var p = 1048576 - adcP
        p = (p - v2 / 4096) * 6250 / v1
        v1 = p9 * p * p / 2147483648
        v2 = p * p8 / 32768
        p = p + (v1 + v2 + p7) / 16
        return (temperature, p)
    }
}
