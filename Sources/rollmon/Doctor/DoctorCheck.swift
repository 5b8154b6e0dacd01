/// One line of `rollmon doctor` (interface v2 §9): what was checked, whether it is fine, and how to fix it if not.
struct DoctorCheck: Equatable {
    var ok: Bool
    /// `rollmon live` cannot run without it (the exit status counts only these).
    var neededForLive: Bool
    /// What was found, e.g. "I2C: /dev/i2c-1 present".
    var finding: String
    /// What to do about a miss (empty when ok).
    var fix: String = ""

    static func pass(_ finding: String, needed: Bool = true) -> DoctorCheck {
        DoctorCheck(ok: true, neededForLive: needed, finding: finding)
    }

    static func fail(_ finding: String, fix: String, needed: Bool = true) -> DoctorCheck {
        DoctorCheck(ok: false, neededForLive: needed, finding: finding, fix: fix)
    }

    /// `✓ finding` or `✗ finding — fix: …` (optional misses say so: live runs without them).
    var line: String {
        if ok { return "✓ \(finding)" }
        return "✗ \(finding)\(neededForLive ? "" : " (optional)") — fix: \(fix)"
    }
}

extension [DoctorCheck] {
    /// Everything `live` needs is there.
    var readyForLive: Bool { allSatisfy { $0.ok || !$0.neededForLive } }
}
