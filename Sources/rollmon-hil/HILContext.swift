import Foundation

/// What scripts/hil/guest.sh set up for the checks, passed in environment variables. Missing variables mean the
/// binary was started outside the guest: that is an error, not a reason to guess.
struct HILContext {
    /// "v1" or "v2": the libgpiod this binary was built against (from the harness).
    let variant: String
    /// N of /dev/i2c-N, the i2c-stub adapter.
    let i2cBus: Int
    let mpuAddress: UInt8
    let lsmAddress: UInt8
    let bmpAddress: UInt8
    /// An address where i2c-stub emulates nothing.
    let absentAddress: UInt8
    /// gpio-sim chip name (gpiochipN) and its sysfs directory holding sim_gpioN/{pull,value}.
    let gpioChip: String
    let gpioSysfs: String
    /// A line the kernel hogs (gpio-sim configfs hog), so no one else can request it.
    let hoggedLine: UInt32
    /// The rollmon CLI built against the same libgpiod, or nil when it did not build.
    let rollmonPath: String?
    /// Writable directory (shared with the host) for traces and other artefacts.
    let workDirectory: String

    static func fromEnvironment() throws -> HILContext {
        let env = ProcessInfo.processInfo.environment
        func string(_ key: String) throws -> String {
            guard let v = env[key], !v.isEmpty else {
                throw CheckFailure("\(key) is not set: run this through scripts/hil/run.sh (it sets up the guest)")
            }
            return v
        }
        func address(_ key: String) throws -> UInt8 {
            let s = try string(key)
            guard let v = UInt8(s.hasPrefix("0x") ? String(s.dropFirst(2)) : s, radix: s.hasPrefix("0x") ? 16 : 10)
            else { throw CheckFailure("\(key)=\(s) is not an I2C address") }
            return v
        }
        guard let bus = Int(try string("HIL_I2C_BUS")) else { throw CheckFailure("HIL_I2C_BUS is not a number") }
        guard let hog = UInt32(try string("HIL_GPIO_HOGGED_LINE")) else {
            throw CheckFailure("HIL_GPIO_HOGGED_LINE is not a number")
        }
        let rollmon = env["HIL_ROLLMON"].flatMap { $0.isEmpty ? nil : $0 }
        return HILContext(
            variant: try string("HIL_VARIANT"), i2cBus: bus,
            mpuAddress: try address("HIL_MPU_ADDR"), lsmAddress: try address("HIL_LSM_ADDR"),
            bmpAddress: try address("HIL_BMP_ADDR"), absentAddress: try address("HIL_ABSENT_ADDR"),
            gpioChip: try string("HIL_GPIO_CHIP"), gpioSysfs: try string("HIL_GPIO_SYSFS"), hoggedLine: hog,
            rollmonPath: rollmon, workDirectory: try string("HIL_WORK"))
    }

    var i2cBusName: String { "i2c-\(i2cBus)" }
}
