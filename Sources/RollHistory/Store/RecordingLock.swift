import Foundation

/// An advisory lock (`flock`) held while a session's recording is written, so that another rollmon opening the
/// history does not take a recording in progress for one left by a dead process. The lock is a hidden sidecar file
/// (`.NAME.csv.lock`) created before the recording, because the recorder creates its file anew. The kernel drops the
/// lock when the process dies, whatever kills it: the recordings to recover are exactly those without a row whose
/// sidecar is absent or unlocked.
public final class RecordingLock: @unchecked Sendable {
    private var fd: Int32
    private let path: String

    public static func sidecar(for recording: String) -> String {
        let url = URL(fileURLWithPath: recording)
        return url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".lock").path
    }

    /// Locks the recording at `recording` (which need not exist yet) until `release` or deinit.
    public init?(recording: String) {
        path = Self.sidecar(for: recording)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { close(fd); return nil }
    }

    /// Drops the lock and removes the sidecar (the recording is complete and indexed).
    public func release() {
        guard fd >= 0 else { return }
        unlink(path)
        close(fd)
        fd = -1
    }

    deinit { if fd >= 0 { close(fd) } }

    /// True while a live process holds the lock of `recording`.
    public static func isHeld(recording: String) -> Bool {
        let fd = open(sidecar(for: recording), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 { flock(fd, LOCK_UN); return false }
        return errno == EWOULDBLOCK
    }

    /// Removes the sidecar a dead process left (never the recording itself).
    public static func removeStale(recording: String) {
        let p = sidecar(for: recording)
        if !isHeld(recording: recording) { unlink(p) }
    }
}
