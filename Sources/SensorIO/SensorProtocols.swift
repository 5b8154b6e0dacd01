import RollCore

/// Monotonic time as SensorIO sees it. The real one reads CLOCK_MONOTONIC; device models and the hardware-free demo
/// use a virtual one so the whole live path can run faster than real time.
public protocol MonotonicClock: AnyObject, Sendable {
    /// Seconds since an arbitrary origin, never decreasing.
    func nowSeconds() -> Double
    /// Blocks (or, for a virtual clock, advances time) until `nowSeconds() >= tSeconds`.
    func sleep(untilSeconds tSeconds: Double)
}

/// One IMU reading, already scaled to SI units, stamped on the chip's own sample clock mapped to monotonic time.
public struct IMUReading: Sendable, Equatable {
    public var tSeconds: Double
    public var accelMS2: Vector3
    public var gyroRadS: Vector3
    public init(tSeconds: Double, accelMS2: Vector3, gyroRadS: Vector3) {
        self.tSeconds = tSeconds; self.accelMS2 = accelMS2; self.gyroRadS = gyroRadS
    }
}

/// One force reading in newtons (after calibration), stamped in monotonic time.
public struct ForceReading: Sendable, Equatable {
    public var tSeconds: Double
    public var forceN: Double
    public init(tSeconds: Double, forceN: Double) { self.tSeconds = tSeconds; self.forceN = forceN }
}

/// An accelerometer + gyroscope chip, configured and ready to read.
public protocol IMUDevice: AnyObject {
    /// Chip name as `rollmon probe` prints it, e.g. "MPU-6050".
    var chipName: String { get }
    /// Nominal output data rate after configuration.
    var sampleRateHz: Double { get }
    /// Full-scale gyro range after configuration (for saturation detection downstream).
    var gyroFullScaleRadS: Double { get }
    /// (Re-)writes the configuration; called at start and after the chip comes back from a reset or disconnect.
    func configure() throws
    /// Returns the readings that became available since the last call (empty if none). May block briefly
    /// (data-ready edge or paced polling) but never indefinitely.
    func read() throws -> [IMUReading]
}

/// A force sensor (load cell through HX711 or ADS1115, FSR through ADS1115, barometer in a sealed ball).
public protocol ForceDevice: AnyObject {
    var chipName: String { get }
    func configure() throws
    /// A new reading if a conversion completed since the last call, else nil. Never blocks for long.
    func poll() throws -> ForceReading?
}
