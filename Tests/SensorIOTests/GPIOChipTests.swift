#if canImport(Glibc)
import Glibc
#endif
import SensorIO
import Synchronization
import SystemPackage
import Testing

@Suite("GPIO chip (libgpiod path and error messages)")
struct GPIOChipTests {
    @Test("the real libgpiod path: no /dev/gpiochip0 gives the clear no-chip error, not a crash")
    func realOpenWithoutChips() throws {
        if access("/dev/gpiochip0", F_OK) == 0 {
            // A machine with GPIO (a Pi, or the QEMU guest with gpio-sim): the chip must open and describe itself.
            let chip = try GPIOChip.open("/dev/gpiochip0")
            #expect(chip.info.lineCount > 0)
            #expect(!chip.info.name.isEmpty)
            return
        }
        let chipsPresent = ((try? directoryEntryNames("/dev").get()) ?? []).contains { $0.hasPrefix("gpiochip") }
        do {
            _ = try GPIOChip.open("/dev/gpiochip0")
            Issue.record("opening a missing chip succeeded")
        } catch let error as GPIOError {
            #expect(error.errno == .noSuchFileOrDirectory)
            if !chipsPresent {
                #expect(error.reason == .noGPIOChips(directory: "/dev"))
                #expect(error.description.contains("No GPIO chip found"))
            }
        }
        // Also by name and by number, through the same resolution.
        #expect(throws: GPIOError.self) { try GPIOChip.open("gpiochip0") }
        #expect(throws: GPIOError.self) { try GPIOChip.open("0") }
        if !chipsPresent {
            let detected = detectGPIOChips()
            #expect(detected.chips.isEmpty && detected.problems.isEmpty)
        }
    }

    @Test("the build links the libgpiod API the environment says it should (ROLLMON_EXPECT_GPIOD_API)")
    func apiVersionMatchesBuild() {
        let live = GPIOSysCalls.live
        #expect(live.apiVersion == 1 || live.apiVersion == 2)
        #expect(live.kernelDebounce == (live.apiVersion == 2))
        if let expected = getenv("ROLLMON_EXPECT_GPIOD_API").map({ String(cString: $0) }) {
            #expect(String(live.apiVersion) == expected)
        }
    }

    @Test("permission denied says to join the gpio group")
    func permissionDenied() {
        let sys = fakeGPIOSysCalls(nodes: ["gpiochip0"], openErrno: ["/dev/gpiochip0": .permissionDenied])
        #expect {
            try GPIOChip.open("/dev/gpiochip0", sys: sys)
        } throws: { error in
            guard let e = error as? GPIOError else { return false }
            return e.reason == .permissionDenied(path: "/dev/gpiochip0") && e.errno == .permissionDenied
                && e.description.contains("sudo usermod -aG gpio $USER")
        }
    }

    @Test("a missing chip lists the chips that exist")
    func missingChipListsOthers() {
        let sys = fakeGPIOSysCalls(
            nodes: ["gpiochip1", "gpiochip0", "null"],
            chips: ["/dev/gpiochip0": ("gpiochip0", "pinctrl-bcm2711", 58),
                    "/dev/gpiochip1": ("gpiochip1", "raspberrypi-exp-gpio", 8)])
        do {
            _ = try GPIOChip.open("/dev/gpiochip4", sys: sys)
            Issue.record("opened a chip that does not exist")
        } catch let error as GPIOError {
            guard case let .noSuchChip(requested, available) = error.reason else {
                Issue.record("wrong reason \(error.reason)"); return
            }
            #expect(requested == "/dev/gpiochip4")
            #expect(available.map(\.name) == ["gpiochip0", "gpiochip1"])
            #expect(error.description.contains("gpiochip0 [pinctrl-bcm2711] (58 lines)"))
        } catch { Issue.record("unexpected \(error)") }
        // A label that no chip carries: same answer.
        #expect(throws: GPIOError.self) { try GPIOChip.open("pinctrl-rp1", sys: sys) }
    }

    @Test("open by label finds the chip carrying it")
    func openByLabel() throws {
        let sys = fakeGPIOSysCalls(
            nodes: ["gpiochip0", "gpiochip1"],
            chips: ["/dev/gpiochip0": ("gpiochip0", "pinctrl-bcm2711", 58),
                    "/dev/gpiochip1": ("gpiochip1", "raspberrypi-exp-gpio", 8)])
        let chip = try GPIOChip.open("raspberrypi-exp-gpio", sys: sys)
        #expect(chip.info == GPIOChipInfo(path: "/dev/gpiochip1", name: "gpiochip1", label: "raspberrypi-exp-gpio",
                                          lineCount: 8))
    }

    @Test("a busy line names who holds it")
    func busyLineNamesHolder() throws {
        let sys = fakeGPIOSysCalls(
            nodes: ["gpiochip0"], chips: ["/dev/gpiochip0": ("gpiochip0", "pinctrl-bcm2711", 58)],
            requestErrno: .resourceBusy,
            lines: [6: GPIOLineInfo(offset: 6, name: "GPIO6", used: true, consumer: "hx711-python")])
        let chip = try GPIOChip.open("gpiochip0", sys: sys)
        do {
            _ = try chip.requestOutputs([6], initialValues: [false], consumer: "rollmon-hx711")
            Issue.record("request succeeded")
        } catch let error as GPIOError {
            #expect(error.reason == .lineBusy(chip: "gpiochip0 [pinctrl-bcm2711]", offset: 6, consumer: "hx711-python"))
            #expect(error.errno == .resourceBusy)
            #expect(error.description.contains("\"hx711-python\""))
        }
    }

    @Test("an edge wait interrupted by a signal (EINTR) is made again; any other errno is the error")
    func interruptedWaitIsRetried() throws {
        var sys = fakeGPIOSysCalls(nodes: ["gpiochip0"], chips: ["/dev/gpiochip0": ("gpiochip0", "gpio-sim.0-node0", 16)],
                                   grantRequest: { _ in }, lineLevel: true)
        let waits = Mutex(0)
        sys.waitEdges = { _, _ in
            waits.withLock { n in n += 1; return n == 1 ? .failure(.interrupted) : .success(false) }
        }
        let chip = try GPIOChip.open("gpiochip0", sys: sys)
        let lines = try chip.requestInputs([3], config: GPIOInputConfig(edges: .rising), consumer: "t")
        #expect(try lines.waitEdgeEvents(timeoutNS: 1_000_000) == false)
        #expect(waits.withLock { $0 } == 2)

        sys.waitEdges = { _, _ in .failure(.ioError) }
        let failing = try GPIOChip.open("gpiochip0", sys: sys).requestInputs([3], config: GPIOInputConfig(edges: .rising),
                                                                             consumer: "t")
        #expect { try failing.waitEdgeEvents(timeoutNS: 1_000_000) } throws: { ($0 as? GPIOError)?.errno == .ioError }
    }

    @Test("a line beyond the chip says which lines exist")
    func missingLine() throws {
        let sys = fakeGPIOSysCalls(nodes: ["gpiochip0"], chips: ["/dev/gpiochip0": ("gpiochip0", "pinctrl-bcm2711", 58)])
        let chip = try GPIOChip.open("gpiochip0", sys: sys)
        #expect {
            try chip.requestInputs([60], config: GPIOInputConfig(), consumer: "t")
        } throws: { error in
            guard let e = error as? GPIOError else { return false }
            return e.reason == .noSuchLine(chip: "gpiochip0 [pinctrl-bcm2711]", offset: 60, lineCount: 58)
                && e.description.contains("0...57")
        }
    }

    @Test("debounce: asked of the kernel on libgpiod v2, done in SensorIO on v1 (raw both-edge request)",
          arguments: [1, 2])
    func debounceSplitByAPI(api: Int) throws {
        let seen = Mutex<[GPIORequestSpec]>([])
        let sys = fakeGPIOSysCalls(apiVersion: api, nodes: ["gpiochip0"],
                                   chips: ["/dev/gpiochip0": ("gpiochip0", "gpio-sim.0-node0", 16)],
                                   grantRequest: { spec in seen.withLock { $0.append(spec) } }, lineLevel: true)
        let chip = try GPIOChip.open("gpiochip0", sys: sys)
        let lines = try chip.requestInputs([3], config: GPIOInputConfig(bias: .pullUp, edges: .falling,
                                                                        debouncePeriodNS: 30_000_000),
                                           consumer: "rollmon-button")
        let specs = seen.withLock { $0 }
        #expect(specs.count == 1)
        #expect(specs.first?.consumer == "rollmon-button")
        #expect(specs.first?.input.bias == .pullUp)
        if api == 2 {
            #expect(specs.first?.input == GPIOInputConfig(bias: .pullUp, edges: .falling, debouncePeriodNS: 30_000_000))
            #expect(lines is GPIOLineRequest)
        } else {
            #expect(specs.first?.input == GPIOInputConfig(bias: .pullUp, edges: .both, debouncePeriodNS: 0))
            #expect(lines is SoftwareDebouncedLines)
        }
        #expect(try lines.value(offset: 3) == true)
    }

    @Test("gpiodetect listing: numeric order, gpiodetect format, unreadable nodes reported with the fix")
    func detectListing() {
        let sys = fakeGPIOSysCalls(
            nodes: ["gpiochip10", "gpiochip2", "gpiochipX", "gpiochip0"],
            chips: ["/dev/gpiochip0": ("gpiochip0", "pinctrl-bcm2835", 54),
                    "/dev/gpiochip2": ("gpiochip2", "gpio-sim.0-node0", 16),
                    "/dev/gpiochip10": ("gpiochip10", "gpio-sim.1-node0", 8)],
            openErrno: ["/dev/gpiochip2": .permissionDenied])
        let result = detectGPIOChips(sys: sys)
        #expect(result.lines == ["gpiochip0 [pinctrl-bcm2835] (54 lines)", "gpiochip10 [gpio-sim.1-node0] (8 lines)"])
        #expect(result.problems.map(\.reason) == [.permissionDenied(path: "/dev/gpiochip2")])
        #expect(detectGPIOChips(sys: fakeGPIOSysCalls(nodes: ["null", "i2c-1"])).chips.isEmpty)
    }
}
