// Physical constants and unit factors shared by the drivers, the device models, the simulator and the analysis.
// Defined once here so that every module converts with bit-identical factors.

/// Standard gravity, 9.80665 m/s² exactly: the "g" in every accelerometer's full-scale and sensitivity figures.
/// Source: 3rd CGPM (1901), declaration on the unit of mass and on the definition of weight (g_n = 980.665 cm/s²);
/// ISO 80000-3 (standard acceleration of free fall).
public let standardGravityMS2 = 9.80665

/// Degrees → radians (π/180), for gyro figures that datasheets give in °/s.
public let radiansPerDegree = Double.pi / 180
