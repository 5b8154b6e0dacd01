#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Set by SIGINT / SIGTERM; the live loop polls it and shuts down cleanly (terminal restored, recording flushed).
nonisolated(unsafe) var stopSignalled: sig_atomic_t = 0

/// The interactive terminal: alternate screen, hidden cursor, keys without Enter. Everything it changes is put back
/// by `restore()`, which runs on normal exit, on SIGINT/SIGTERM (via the stop flag) and at process exit.
final class Terminal {
    /// Draws the full screen: standard input and output are a terminal that can move its cursor (`TERM=dumb` ones,
    /// e.g. an Emacs shell buffer or a serial console, cannot: the screen's escape sequences came out as garbage there,
    /// so they get the plain lines, and keys as below).
    let isInteractive: Bool
    /// Keys without Enter: standard input and output are a terminal (also a dumb one).
    let readsKeys: Bool
    let color: Bool
    private var saved = termios()
    private var active = false

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        readsKeys = isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1
        isInteractive = readsKeys && environment["TERM"] != "dumb"
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        color = isatty(STDOUT_FILENO) == 1 && !noColor && environment["TERM"] != "dumb"
    }

    static func installSignalHandlers() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in stopSignalled = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
        sigaction(SIGHUP, &action, nil)
        // A blocked signal stays blocked across exec (POSIX, execve(2): "the signal mask is preserved"): a parent
        // that blocks SIGTERM (a test runner, some supervisors) would otherwise leave the session deaf to it. Threads
        // started from here on inherit this thread's mask.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        for s in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&stopSignals, s) }
        pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
    }

    /// Keys one by one (when `readsKeys`), and the alternate screen with the cursor hidden (when `isInteractive`).
    func enter() {
        guard readsKeys, !active else { return }
        tcgetattr(STDIN_FILENO, &saved)
        var raw = saved
        // Keys arrive one by one without echo; ISIG stays on so Ctrl-C still raises SIGINT (handled as quit).
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        if isInteractive { write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[H\u{1B}[2J") }
        active = true
    }

    func restore() {
        guard active else { return }
        if isInteractive { write("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l") }
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        active = false
    }

    deinit { restore() }

    /// Columns and rows now (re-read each frame, so a resize shows on the next frame).
    var size: (width: Int, height: Int) {
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 {
            return (Int(ws.ws_col), Int(ws.ws_row))
        }
        return (80, 24)
    }

    /// Draws a frame in place: home, each line then clear-to-end-of-line, then clear below. No full clear, so no flicker.
    func draw(_ lines: [String]) {
        let (width, height) = size
        var out = "\u{1B}[H"
        for (k, line) in lines.prefix(height).enumerated() {
            out += Self.clip(line, toColumns: width) + "\u{1B}[K"
            if k < min(lines.count, height) - 1 { out += "\r\n" }
        }
        out += "\u{1B}[J"
        write(out)
    }

    /// The line cut to `columns` visible characters (escape sequences kept, not counted), so no line wraps and
    /// scrolls the frame.
    static func clip(_ line: String, toColumns columns: Int) -> String {
        var out = ""
        var visible = 0
        var inEscape = false
        for ch in line {
            if inEscape {
                out.append(ch)
                if ch.isLetter { inEscape = false }
                continue
            }
            if ch == "\u{1B}" { inEscape = true; out.append(ch); continue }
            if visible >= columns { continue }
            out.append(ch)
            visible += 1
        }
        return out + (line.contains("\u{1B}") ? "\u{1B}[0m" : "")
    }

    /// Waits up to `timeoutMS` for a key; returns the keys typed (lower-cased letters), empty on timeout.
    func keys(timeoutMS: Int32) -> [Character] {
        guard readsKeys else {
            if timeoutMS > 0 { usleep(useconds_t(timeoutMS) * 1000) }
            return []
        }
        var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&fds, 1, timeoutMS) > 0 else { return [] }
        var buf = [UInt8](repeating: 0, count: 32)
        let n = read(STDIN_FILENO, &buf, buf.count)
        guard n > 0 else { return [] }
        return buf[0..<n].compactMap { b in b < 128 ? Character(Unicode.Scalar(b)).lowercased().first : nil }
    }

    func write(_ s: String) {
        var data = Array(s.utf8)
        var off = 0
        while off < data.count {
            let n = data.withUnsafeMutableBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + off, $0.count - off) }
            if n < 0 { if errno == EINTR { continue } else { return } }
            off += n
        }
        data.removeAll()
    }
}
