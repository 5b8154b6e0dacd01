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
    /// Output data rates the driver can configure, highest first (`BusBudget` picks one that the bus can carry).
    var supportedRatesHz: [Double] { get }
    /// Chooses the output rate the next `configure()` writes; must be one of `supportedRatesHz`.
    func selectRate(_ rateHz: Double)
    /// The bus traffic reading at `rateHz` causes in the acquisition mode the driver was made with: the
    /// transactions `read()` and its periodic configuration check issue, counted from the driver's own transfers.
    func busTraffic(rateHz: Double) -> BusTraffic
    /// What happened to the sample stream since the last call that the stream itself can't say (samples lost to a
    /// FIFO overflow). The sample source forwards these as its events.
    func takeEvents() -> [SensorEvent]
    /// When the next `read()` will start to look for data (FIFO mode: the end of the current batch); until then the
    /// sample source may do other work, such as reading the force sensor at its own rate.
    var nextReadDueSeconds: Double { get }
    /// Called between the block transfers of a FIFO drain (a drain can hold the bus for milliseconds): the sample
    /// source reads the force sensor here, so a fast ADC is still read at its own rate.
    var betweenTransfers: (() -> Void)? { get set }
    /// Full-scale gyro range after configuration (for saturation detection downstream).
    var gyroFullScaleRadS: Double { get }
    /// Gyro sensitivity at that range, LSB per °/s (the datasheet's table): the largest reading is 32767 / this.
    var gyroSensitivityLSBPerDPS: Double { get }
    /// (Re-)writes the configuration; called at start and after the chip comes back from a reset or disconnect.
    func configure() throws
    /// Returns the readings that became available since the last call (empty if none). May block briefly
    /// (data-ready edge or paced polling) but never indefinitely.
    func read() throws -> [IMUReading]
}

/// A force sensor (load cell through HX711 or ADS1115, FSR through ADS1115, barometer in a sealed ball).
public protocol ForceDevice: AnyObject {
    var chipName: String { get }
    /// Time between two new readings at the configured rate. A reading older than a few periods is stale: the
    /// pipeline derives its staleness limit from this.
    var nominalPeriodSeconds: Double { get }
    /// I2C traffic of `poll()` at the configured rate (none for a GPIO sensor), for the bus budget.
    var busTraffic: BusTraffic { get }
    /// Earliest time `poll()` can return a new reading (the sample source sleeps until then, not longer).
    var nextReadingDueSeconds: Double { get }
    func configure() throws
    /// A new reading if a conversion completed since the last call, else nil. Never blocks for long.
    func poll() throws -> ForceReading?
}
