import Testing
import SystemPackage
@testable import SensorIO

/// The LinuxI2CBus syscall layer with forced errnos, plus the real code path on this machine.
@Suite struct I2CSysCallTests {
    /// A syscall table where everything succeeds on fd 3 and the bus lists `buses`; tests override one entry.
    static func fake(buses: [String] = ["i2c-1"]) -> I2CSysCalls {
        I2CSysCalls(
            open: { _ in .success(FileDescriptor(rawValue: 3)) }, close: { _ in .success(()) },
            setSlaveAddress: { _, _ in .success(()) },
            functionality: { _ in .success(0x0400_0000 | 0x0800_0000) },
            readByte: { _ in .success(0x42) }, readByteData: { _, reg in .success(reg) },
            writeByteData: { _, _, _ in .success(()) },
            readWordData: { _, _ in .success(0x1234) }, writeWordData: { _, _, _ in .success(()) },
            readI2CBlockData: { _, reg, buf in
                for i in 0..<buf.count { buf[i] = reg &+ UInt8(i) }
                return .success(buf.count)
            },
            listDirectory: { _ in .success(buses + ["null", "tty0"]) })
    }

    @Test func missingNodeWithNoBusesSaysHowToEnableI2C() {
        var sys = Self.fake(buses: [])
        sys.open = { _ in .failure(.noSuchFileOrDirectory) }
        #expect(throws: SensorIOError.noI2CBuses) { try LinuxI2CBus(busNumber: 1, sys: sys) }
        let text = SensorIOError.noI2CBuses.description
        #expect(text.contains("raspi-config") && text.contains("dtparam=i2c_arm=on") && text.contains("reboot"))
    }

    @Test func missingNodeWithOtherBusesListsThem() {
        var sys = Self.fake(buses: ["i2c-20", "i2c-1"])
        sys.open = { _ in .failure(.noSuchFileOrDirectory) }
        #expect(throws: SensorIOError.busNotFound(path: "/dev/i2c-3", available: ["/dev/i2c-1", "/dev/i2c-20"])) {
            try LinuxI2CBus(busNumber: 3, sys: sys)
        }
    }

    @Test func permissionDeniedSaysToJoinTheGroup() {
        var sys = Self.fake()
        sys.open = { _ in .failure(.permissionDenied) }
        #expect(throws: SensorIOError.permissionDenied(path: "/dev/i2c-1")) { try LinuxI2CBus(busNumber: 1, sys: sys) }
        #expect(SensorIOError.permissionDenied(path: "/dev/i2c-1").description.contains("sudo usermod -aG i2c $USER"))
    }

    @Test func nackBecomesTypedErrorWithContext() throws {
        var sys = Self.fake()
        sys.readByteData = { _, _ in .failure(.noSuchAddressOrDevice) }
        let bus = try LinuxI2CBus(busNumber: 1, sys: sys)
        do {
            _ = try bus.readByteData(address: 0x68, register: 0x75)
            Issue.record("expected ENXIO")
        } catch let e as I2CError {
            #expect(e.errno == .noSuchAddressOrDevice)
            #expect(e.isNoAcknowledge)
            #expect(e.address == 0x68 && e.register == 0x75 && e.bus == "i2c-1")
            #expect(e.description.contains("0x68") && e.description.contains("did not acknowledge"))
        }
    }

    @Test func eioIsReportedAndEINTRIsRetried() throws {
        var sys = Self.fake()
        let writes = Counter()
        sys.writeByteData = { _, _, _ in _ = writes.next(); return .failure(.ioError) }
        let calls = Counter()
        sys.readByteData = { _, _ in calls.next() < 2 ? .failure(.interrupted) : .success(0x71) }
        let bus = try LinuxI2CBus(busNumber: 1, sys: sys)
        #expect(throws: I2CError.self) { try bus.writeByteData(address: 0x68, register: 0x6B, value: 0) }
        #expect(writes.value == 1)  // EIO is not retryable: one attempt, then the error
        #expect(try bus.readByteData(address: 0x68, register: 0x75) == 0x71)
        #expect(calls.value == 3)
    }

    /// The retry policy is one set, shared by I2C and GPIO: only EINTR is made again.
    @Test func onlyEINTRIsRetryable() throws {
        #expect(SysCallRetry.retryable == [.interrupted])
        var sys = Self.fake()
        let calls = Counter()
        sys.readByteData = { _, _ in _ = calls.next(); return .failure(.resourceTemporarilyUnavailable) }
        let bus = try LinuxI2CBus(busNumber: 1, sys: sys)
        let error = #expect(throws: I2CError.self) { try bus.readByteData(address: 0x68, register: 0x75) }
        #expect(error?.errno == .resourceTemporarilyUnavailable && calls.value == 1)
    }

    @Test func closedBusFailsWithEBADF() throws {
        let bus = try LinuxI2CBus(busNumber: 1, sys: Self.fake())  // every call on the fake would succeed
        bus.close()
        let error = #expect(throws: I2CError.self) { try bus.readByteData(address: 0x68, register: 0x75) }
        #expect(error?.errno == .badFileDescriptor)
    }

    @Test func slaveAddressIsSelectedOnlyWhenItChanges() throws {
        var sys = Self.fake()
        let selects = Counter()
        sys.setSlaveAddress = { _, _ in _ = selects.next(); return .success(()) }
        let bus = try LinuxI2CBus(busNumber: 1, sys: sys)
        _ = try bus.readByteData(address: 0x68, register: 0)
        _ = try bus.readByteData(address: 0x68, register: 1)
        _ = try bus.readByteData(address: 0x76, register: 0)
        #expect(selects.value == 2)
    }

    @Test func busyAddressAndShortBlockReadAreErrors() throws {
        var sys = Self.fake()
        sys.setSlaveAddress = { _, _ in .failure(.resourceBusy) }
        let busy = try LinuxI2CBus(busNumber: 1, sys: sys)
        #expect(throws: I2CError.self) { _ = try busy.receiveByte(address: 0x68) }

        var short = Self.fake()
        short.readI2CBlockData = { _, _, _ in .success(5) }
        let bus = try LinuxI2CBus(busNumber: 1, sys: short)
        do {
            _ = try bus.readBlock(address: 0x68, register: 0x3B, count: 14)
            Issue.record("short read must fail")
        } catch let e as I2CError { #expect(e.errno == .ioError) }
    }

    @Test func blockReadsSplitAt32BytesAndFallBackToBytes() throws {
        let bus = try LinuxI2CBus(busNumber: 1, sys: Self.fake())
        #expect(bus.supportsBlockRead)
        let b = try bus.readRegisters(address: 0x68, register: 0x10, count: 40)
        #expect(b == (0..<40).map { UInt8(0x10 + $0) })

        var noBlock = Self.fake()
        noBlock.functionality = { _ in .success(0x0010_0000) }  // byte data only
        let slow = try LinuxI2CBus(busNumber: 1, sys: noBlock)
        #expect(!slow.supportsBlockRead)
        #expect(try slow.readRegisters(address: 0x68, register: 0x3B, count: 3) == [0x3B, 0x3C, 0x3D])
    }

    @Test func discoveryFindsBusesInNumericOrder() {
        let paths = I2CBusDiscovery.busPaths(sys: Self.fake(buses: ["i2c-10", "i2c-2", "i2c-1"]))
        #expect(paths == ["/dev/i2c-1", "/dev/i2c-2", "/dev/i2c-10"])
        #expect(throws: SensorIOError.noI2CBuses) { try I2CBusDiscovery.openBuses(sys: Self.fake(buses: [])) }
    }

    /// The real syscalls: /dev/i2c-99 does not exist here, so the user gets the enable-I2C advice.
    @Test func realOpenOfMissingBusGivesEnableAdvice() {
        do {
            _ = try LinuxI2CBus(busNumber: 99)
            Issue.record("/dev/i2c-99 should not exist")
        } catch let e as SensorIOError {
            switch e {
            case .noI2CBuses, .busNotFound: #expect(e.description.contains("dtparam=i2c_arm=on"))
            default: Issue.record("unexpected \(e)")
            }
        } catch { Issue.record("unexpected \(error)") }
    }
}

/// Thread-safe call counter for syscall closures.
final class Counter: @unchecked Sendable {
    private var n = 0
    var value: Int { n }
    func next() -> Int { defer { n += 1 }; return n }
}
