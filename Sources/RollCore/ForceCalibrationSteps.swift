/// How long `rollmon calibrate` averages the force sensor's readings in its tare and known-mass steps; the simulator
/// puts its simulated parts through the same steps, so both read these.
public enum ForceCalibrationSteps {
    /// Step 2: nothing on the sensor.
    public static let tareSeconds = 3.0
    /// Step 3: the known mass on the sensor.
    public static let loadSeconds = 3.0
}
