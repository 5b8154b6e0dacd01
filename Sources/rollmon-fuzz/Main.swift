#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rollmon-fuzz`: the libFuzzer entry for the trace reader and the config parser (README "Fuzzing").
///
/// Built normally (`swift build`), it is the regression runner: `rollmon-fuzz TARGET FILE...` runs each file through
/// the target once and exits 0 unless one crashes. Built by `scripts/fuzz.sh` with `-sanitize=fuzzer -D FUZZING`, the
/// same `main` hands control to libFuzzer (`LLVMFuzzerRunDriver`, so there is no second `main` to hide) and
/// `ROLLMON_FUZZ_TARGET` names the target, since libFuzzer owns the command line.
@main
enum RollmonFuzz {
    static func main() {
        #if FUZZING
        guard let name = getenv("ROLLMON_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name) else {
            usage("set ROLLMON_FUZZ_TARGET")
        }
        fuzzedTarget = target
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            fuzzedTarget?.run(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        })
        #else
        let args = CommandLine.arguments.dropFirst()
        guard let name = args.first, let target = FuzzTarget(rawValue: name), args.count > 1 else { usage("") }
        for path in args.dropFirst() {
            guard let bytes = readAll(path) else { printToStderr("rollmon-fuzz: cannot read \(path)\n"); exit(66) }
            bytes.withUnsafeBytes { target.run($0) }
            print("ok \(path)")
        }
        #endif
    }

    private static func usage(_ note: String) -> Never {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
        printToStderr("usage: rollmon-fuzz \(names) FILE...\(note.isEmpty ? "" : " (\(note))")\n")
        exit(64)
    }

    private static func readAll(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n == 0 { return ferror(f) == 0 ? bytes : nil }
            bytes += chunk[..<n]
        }
    }
}

#if FUZZING
nonisolated(unsafe) private var fuzzedTarget: FuzzTarget?

/// libFuzzer's driver, for programs that keep their own `main` (https://llvm.org/docs/LibFuzzer.html#using-libfuzzer-as-a-library).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
#endif
