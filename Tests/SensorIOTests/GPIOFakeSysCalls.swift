import SensorIO
import SystemPackage

/// libgpiod calls with chosen answers, to force errors the real kernel would give (EACCES, ENOENT, EBUSY) on a
/// machine without GPIO chips. Only the calls a test cares about are given; everything else fails with ENOSYS so a
/// test that strays into an unexpected call fails loudly.
func fakeGPIOSysCalls(
    apiVersion: Int = 2,
    nodes: [String] = [],
    chips: [String: (name: String, label: String, lineCount: Int)] = [:],
    openErrno: [String: Errno] = [:],
    requestErrno: Errno? = nil,
    lines: [UInt32: GPIOLineInfo] = [:],
    grantRequest: (@Sendable (GPIORequestSpec) -> Void)? = nil,
    lineLevel: Bool? = nil
) -> GPIOSysCalls {
    // The chip handle is the index of its path in `paths` (+1, never dereferenced: fakes only).
    let paths = chips.keys.sorted()
    return GPIOSysCalls(
        apiVersion: apiVersion, kernelDebounce: apiVersion >= 2,
        openChip: { path in
            if let e = openErrno[path] { return .failure(e) }
            guard let i = paths.firstIndex(of: path) else { return .failure(.noSuchFileOrDirectory) }
            return .success(OpaquePointer(bitPattern: i + 1)!)
        },
        closeChip: { _ in },
        chipInfo: { chip in
            let i = Int(bitPattern: UnsafeRawPointer(chip)) - 1
            let c = chips[paths[i]]!
            return .success((c.name, c.label, c.lineCount))
        },
        lineInfo: { _, offset in
            lines[offset].map { .success($0) } ?? .success(GPIOLineInfo(offset: offset, name: "", used: false, consumer: ""))
        },
        requestLines: { _, spec in
            if let requestErrno { return .failure(requestErrno) }
            guard let grantRequest else { return .failure(.noFunction) }
            grantRequest(spec)
            return .success(OpaquePointer(bitPattern: 0x1000)!)
        },
        releaseLines: { _ in },
        getValue: { _, _ in lineLevel.map { .success($0) } ?? .failure(.noFunction) },
        setValue: { _, _, _ in .failure(.noFunction) },
        waitEdges: { _, _ in lineLevel != nil ? .success(false) : .failure(.noFunction) },  // a quiet line
        readEdges: { _, _ in .failure(.noFunction) },
        listDirectory: { _ in .success(nodes) },
        monotonicNowNS: { 0 }
    )
}
