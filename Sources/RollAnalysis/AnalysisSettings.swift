import RollCore

/// Every threshold of the analysis, with the defaults of interface v1 §2. Copy `.default`, edit, pass it in.
public struct AnalysisSettings: Sendable, Equatable {
    /// Ball (sphere) or roller (cylinder).
    public var tool: Tool
    /// Radius of the ball or roller. Rolled length = radius × rotation, so this scales every distance.
    public var radiusMM: Double
    /// Length of the user's plantar fascia, heel to ball of foot (adults: typically 14–16 cm, per the routine brief).
    public var fasciaCM: Double
    /// Force at or above which pressure is severe (interface §2 "severe", default 250 N).
    public var severeForceN: Double
    /// Foot assumed for the first segment when no marker says otherwise (interface §2, `--first-foot`).
    public var firstFoot: Foot

    /// Contact when force >= this (interface §2 "contact": 10 N).
    public var contactForceN: Double
    /// Rolling when the ball's centre moves at least this fast (interface §2: 1 cm/s).
    public var rollingSpeedMS: Double
    /// Without force: gaps in rolling shorter than this are bridged as contact (interface §2: 5 s).
    public var rollingGapBridgeS: Double
    /// A new segment starts when contact is lost for at least this long (interface §2: 3 s).
    public var segmentGapS: Double
    /// Within this long after a segment starts, a marker change relabels it instead of splitting (interface §2: 5 s).
    public var markerGraceS: Double
    /// A stroke is a monotone run of at least this length (interface §2: 2 cm).
    public var minStrokeM: Double
    /// A stroke is full-length when it covers this fraction of the fascia (interface §2: 0.8).
    public var fullLengthFraction: Double
    /// A move back by this much ends a monotone run. Smaller than `minStrokeM` so real reversals are seen; large
    /// enough that gyro noise integrated while the ball is still (well under 1 mm) never fakes one.
    public var reversalHysteresisM: Double

    /// Burst: a rise of at least this much above the lowest force of the preceding window (interface §2: 60 N)...
    public var burstRiseN: Double
    /// ...within this long (interface §2: 0.25 s)...
    public var burstRiseWindowS: Double
    /// ...falling back by `burstFallFraction` of the rise within this long (interface §2: 1.5 s, one half).
    public var burstFallWindowS: Double
    public var burstFallFraction: Double
    /// Severe episodes closer than this merge into one (interface §2: 1 s).
    public var severeMergeS: Double

    /// A tender hold is this long in contact without rolling (interface §2: 20 s).
    public var tenderHoldS: Double
    /// The routine's pause at a tender spot (~60 s, per the routine brief): `hold_complete` fires at this.
    public var holdCompleteS: Double
    /// Time per foot: under below this (2 min, routine brief / interface §2 verdict)...
    public var footTimeMinS: Double
    /// ...over above this (3 min).
    public var footTimeMaxS: Double
    /// `short_strokes` fires when this many strokes in a row fall short of full length.
    public var shortStrokeRun: Int

    /// Integration of motion stops across a gap in the samples longer than this (a dropped read is bridged by the
    /// rate at hand; a sensor that was gone for seconds says nothing about what moved meanwhile).
    public var maxIntegrationGapS: Double
    /// Known nominal gyro full scale (the driver, or `gyro_range_dps`); nil to detect saturation from the data alone.
    public var gyroFullScaleRadS: Double?
    /// Known gyro sensitivity at that range, LSB per °/s (the driver, `gyro_lsb_per_dps`, or the part named in the
    /// trace's `imu`): with it the rail is the chip's exact largest reading (`GyroRail`).
    public var gyroLSBPerDPS: Double?
    public var orientation: OrientationSettings

    public static let `default` = AnalysisSettings()

    public init(tool: Tool = .ball, radiusMM: Double? = nil, fasciaCM: Double = 15, severeForceN: Double = 250,
                firstFoot: Foot = .right) {
        self.tool = tool
        self.radiusMM = radiusMM ?? Self.defaultRadiusMM(for: tool)
        self.fasciaCM = fasciaCM
        self.severeForceN = severeForceN
        self.firstFoot = firstFoot
        contactForceN = 10
        rollingSpeedMS = 0.01
        rollingGapBridgeS = 5
        segmentGapS = 3
        markerGraceS = 5
        minStrokeM = 0.02
        fullLengthFraction = 0.8
        reversalHysteresisM = 0.005
        burstRiseN = 60
        burstRiseWindowS = 0.25
        burstFallWindowS = 1.5
        burstFallFraction = 0.5
        severeMergeS = 1
        tenderHoldS = 20
        holdCompleteS = 60
        footTimeMinS = 120
        footTimeMaxS = 180
        shortStrokeRun = 5
        maxIntegrationGapS = 0.25
        gyroFullScaleRadS = nil
        gyroLSBPerDPS = nil
        orientation = .default
    }

    /// A lacrosse-type massage ball is 63–65 mm across; a standard foam roller is about 15 cm across.
    public static func defaultRadiusMM(for tool: Tool) -> Double {
        switch tool {
        case .ball: return 32
        case .roller: return 75
        }
    }

    public var radiusM: Double { radiusMM / 1000 }
    public var fasciaM: Double { fasciaCM / 100 }
}
