// rollmon-hil: kernel-in-the-loop checks. Runs inside the QEMU guest that scripts/hil/run.sh boots, against
// i2c-stub chips (personas set by scripts/hil/personas.sh) and a gpio-sim chip. Prints one line per check and, last,
// exactly `N passed, N failed`; exits 0 only when nothing failed. See docs/hil.md.
#if canImport(Glibc)
import Glibc
#endif

let context: HILContext
do {
    context = try HILContext.fromEnvironment()
} catch {
    print("rollmon-hil: \(error)")
    print("0 passed, 1 failed")
    exit(2)
}

let runner = CheckRunner(prefix: "[\(context.variant)] ")
runner.section("I2C: SensorIO on i2c-dev + i2c-stub")
I2CChecks(ctx: context, runner: runner).run()
runner.section("GPIO: SensorIO on the GPIO character device + gpio-sim")
GPIOChecks(ctx: context, runner: runner).run()
runner.section("Data-ready line and bus clock: I2C and GPIO together")
DataReadyChecks(ctx: context, runner: runner, i2c: I2CChecks(ctx: context, runner: runner)).run()
runner.section("CLI: the rollmon binary on the same hardware")
CLIChecks(ctx: context, runner: runner).run()
runner.section("done")
print(runner.summary)
exit(runner.failed == 0 ? 0 : 1)
