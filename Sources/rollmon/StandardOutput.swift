// C's `stdout` is a mutable global to Swift 6; it is touched here only, by the main thread, once at exit.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// What was printed reaches its file or the run fails: a full disk under `> summary.json` is exit 74 with the reason,
/// never exit 0 and a short file. Swift's `print` goes through stdio's buffer, where a failed write only shows in
/// `ferror` — so the check is after the last byte is flushed.
enum StandardOutput {
    static func flush() throws(RollmonFailure) {
        let flushed = fflush(stdout) == 0
        let reason = flushed ? "a write failed" : String(cString: strerror(errno))
        if !flushed || ferror(stdout) != 0 {
            throw RollmonFailure(.ioError, "rollmon: cannot write standard output: \(reason)")
        }
    }
}
